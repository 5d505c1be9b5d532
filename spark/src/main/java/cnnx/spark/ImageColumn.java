package cnnx.spark;

import cnnx.api.CnnxException;
import cnnx.api.Preprocessing;
import cnnx.api.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one image per row into the model's C×H×W (or H×W×C) floats: either a struct of Spark's image data source
 * ({@code origin, height, width, nChannels, mode, data}: 8-bit pixels row by row, channels interleaved in BGR(A)
 * order), preprocessed as {@code cnnx run} preprocesses image files ({@link ScoreOptions#preprocessing}), or a float
 * (or double) array fed as it is.
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
  private transient Preprocessing preprocessing;

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
    if (h < 1 || w < 1 || !(c == 1 || c == 3 || c == 4) || (long) h * w * c != pixels.length) {
      throw new CnnxException(CnnxException.Kind.INVALID, where + ": " + c + " channels in " + pixels.length
          + " bytes for " + w + "x" + h + "; the image data source gives 1, 3 or 4 channels of 8 bits");
    }
    if (preprocessing == null) {
      preprocessing = options.preprocessing(shape);
    }
    float[] x;
    try {
      x = Tensor.fromImage(bufferedImage(w, h, c, pixels), preprocessing).floats();
    } catch (CnnxException e) {
      throw new CnnxException(e.kind(), where + ": " + e.getMessage(), e);
    }
    System.arraycopy(x, 0, batch, at, x.length);
  }

  /** The data source's bytes (B, G, R(, A) interleaved, row by row; or grey) as an image the API reads. */
  private static BufferedImage bufferedImage(int w, int h, int c, byte[] pixels) {
    BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY
        : c == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_4BYTE_ABGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    if (c == 4) {
      for (int p = 0; p < w * h; p++) { // BGRA to the buffer's A, B, G, R
        dst[4 * p] = pixels[4 * p + 3];
        dst[4 * p + 1] = pixels[4 * p];
        dst[4 * p + 2] = pixels[4 * p + 1];
        dst[4 * p + 3] = pixels[4 * p + 2];
      }
    } else {
      System.arraycopy(pixels, 0, dst, 0, pixels.length); // the buffer's own layout: grey, or B, G, R
    }
    return img;
  }
}
