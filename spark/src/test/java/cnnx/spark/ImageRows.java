package cnnx.spark;

import cnnx.spark.examples.FashionImages;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The bundled images as rows of Spark's image data source schema ({@code origin, height, width, nChannels, mode,
 * data}, 8-bit pixels row by row, channels interleaved B, G, R), as {@code spark.read().format("image")} gives them.
 */
final class ImageRows {
  static final StructType IMAGE = new StructType()
      .add("origin", DataTypes.StringType, true)
      .add("height", DataTypes.IntegerType, false)
      .add("width", DataTypes.IntegerType, false)
      .add("nChannels", DataTypes.IntegerType, false)
      .add("mode", DataTypes.IntegerType, false)
      .add("data", DataTypes.BinaryType, false);

  private ImageRows() {}

  /** One row per image: {@code id} and {@code image}; grey (CV_8UC1), or the grey copied into B, G, R (CV_8UC3). */
  static Dataset<Row> fashion(SparkSession spark, boolean colour) {
    byte[] data = FashionImages.resource(FashionImages.IMAGES);
    int n = data[0] & 0xff;
    int side = FashionImages.SIDE * FashionImages.SIDE;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int channels = colour ? 3 : 1;
      byte[] px = new byte[side * channels];
      for (int p = 0; p < side; p++) {
        for (int c = 0; c < channels; c++) {
          px[p * channels + c] = data[2 + i * (1 + side) + p];
        }
      }
      rows.add(RowFactory.create(i, RowFactory.create("fashion/" + i + ".png", 28, 28, channels, colour ? 16 : 0, px)));
    }
    return spark.createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType).add("image", IMAGE))
        .repartition(3);
  }
}
