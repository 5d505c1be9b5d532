package cnnx.spark;

import cnnx.api.CnnxException;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one image per row into the model's C×H×W floats: either a struct of Spark's image data source
 * ({@code origin, height, width, nChannels, mode, data}: 8-bit pixels row by row, channels interleaved in BGR(A)
 * order), preprocessed as {@link ScoreOptions} says, or a float (or double) array fed as it is.
 */
final class ImageColumn implements Serializable {
  private final int column;
  private final boolean struct;
  private final int origin;
  private final int height;
  private final int width;
  private final int channels;
  private final int data;
  private final String name;

  private ImageColumn(int column, boolean struct, StructType s, String name) {
    this.column = column;
    this.struct = struct;
    this.name = name;
    this.origin = struct && List.of(s.fieldNames()).contains("origin") ? s.fieldIndex("origin") : -1;
    this.height = struct ? s.fieldIndex("height") : -1;
    this.width = struct ? s.fieldIndex("width") : -1;
    this.channels = struct ? s.fieldIndex("nChannels") : -1;
    this.data = struct ? s.fieldIndex("data") : -1;
  }

  /** The column {@code name} of {@code schema}, checked to hold images. */
  static ImageColumn of(StructType schema, String name) {
    if (!List.of(schema.fieldNames()).contains(name)) {
      throw new CnnxException(CnnxException.Kind.INVALID, "no column '" + name + "'; the columns are "
          + List.of(schema.fieldNames()));
    }
    int index = schema.fieldIndex(name);
    DataType type = schema.fields()[index].dataType();
    if (type instanceof StructType s && List.of(s.fieldNames()).containsAll(List.of("height", "width", "nChannels",
        "data")) && s.apply("data").dataType().equals(DataTypes.BinaryType)) {
      return new ImageColumn(index, true, s, name);
    }
    if (type instanceof ArrayType a && (a.elementType().equals(DataTypes.FloatType)
        || a.elementType().equals(DataTypes.DoubleType))) {
      return new ImageColumn(index, false, null, name);
    }
    throw new CnnxException(CnnxException.Kind.INVALID, "column '" + name + "' is " + type.simpleString()
        + ": expected an image struct (Spark's image data source) or an array of floats");
  }

  /** Writes the image of {@code row} at {@code at} in {@code batch}: {@code shape.size()} floats. */
  void read(Row row, ImageShape shape, ScoreOptions options, float[] batch, int at) {
    if (row.isNullAt(column)) {
      throw new CnnxException(CnnxException.Kind.INVALID, "column '" + name + "' is null in a row");
    }
    if (struct) {
      readImage(row.getStruct(column), shape, options, batch, at);
    } else {
      readArray(row.getList(column), shape, batch, at);
    }
  }

  private void readArray(List<Object> values, ImageShape shape, float[] batch, int at) {
    if (values.size() != shape.size()) {
      throw new CnnxException(CnnxException.Kind.INVALID, "column '" + name + "' holds " + values.size()
          + " values; the model takes " + shape + " = " + shape.size() + " per image");
    }
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null) {
        throw new CnnxException(CnnxException.Kind.INVALID, "column '" + name + "' has a null element at " + i);
      }
      batch[at + i] = ((Number) v).floatValue();
    }
  }

  private void readImage(Row image, ImageShape shape, ScoreOptions options, float[] batch, int at) {
    String where = origin >= 0 && !image.isNullAt(origin) ? image.getString(origin) : "an image row";
    int h = image.getInt(height);
    int w = image.getInt(width);
    int c = image.getInt(channels);
    byte[] pixels = (byte[]) image.get(data);
    if (h != shape.height() || w != shape.width()) {
      throw new CnnxException(CnnxException.Kind.INVALID, where + ": " + w + "x" + h + " pixels; the model takes "
          + shape.width() + "x" + shape.height() + " (resize before scoring)");
    }
    boolean grey = shape.channels() == 1;
    if (!(c == shape.channels() || grey && c >= 3 || shape.channels() == 3 && c == 4) || (long) h * w * c != pixels.length) {
      throw new CnnxException(CnnxException.Kind.INVALID, where + ": " + c + " channels in " + pixels.length
          + " bytes for " + w + "x" + h + "; the model takes " + shape.channels() + " channels");
    }
    int plane = h * w;
    for (int p = 0; p < plane; p++) {
      int px = p * c;
      if (grey) {
        // a colour image for a grey model: ITU-R BT.601 luma of the B, G, R bytes
        float v = c == 1 ? pixels[px] & 0xff
            : 0.114f * (pixels[px] & 0xff) + 0.587f * (pixels[px + 1] & 0xff) + 0.299f * (pixels[px + 2] & 0xff);
        batch[at + p] = (v / options.pixelDivisor() - options.meanOf(0)) / options.stdOf(0);
        continue;
      }
      for (int k = 0; k < shape.channels(); k++) {
        // the source stores B, G, R(, A); the model's channel k is R, G, B unless it was trained on BGR
        int src = options.bgr() || c < 3 || k >= 3 ? k : 2 - k;
        float v = pixels[px + src] & 0xff;
        batch[at + k * plane + p] = (v / options.pixelDivisor() - options.meanOf(k)) / options.stdOf(k);
      }
    }
  }
}
