package cnnx.spark.examples;

import cnnx.api.CnnxException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Fashion-MNIST test images bundled with cnnx (a count byte, then per image one label byte and 28×28 grey
 * bytes) as a DataFrame: {@code id}, {@code label}, and {@code pixels}, the 784 grey values scaled to [0, 1] as
 * the model was trained.
 */
public final class FashionImages {
  public static final String MODEL = "/cnnx/demo/fashion-cnn.onnx";
  public static final String IMAGES = "/cnnx/demo/fashion-test-images.bin";
  public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  public static final int SIDE = 28;
  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("label", DataTypes.IntegerType, false)
      .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private FashionImages() {}

  /** The images {@code copies} times over (ids run on), in {@code partitions} partitions. */
  public static Dataset<Row> frame(SparkSession spark, int copies, int partitions) {
    byte[] data = resource(IMAGES);
    int count = data.length > 0 ? data[0] & 0xff : 0;
    int per = 1 + SIDE * SIDE;
    if (count == 0 || data.length != 1 + count * per) {
      throw new CnnxException(CnnxException.Kind.INVALID, IMAGES + ": " + data.length + " bytes for " + count
          + " images");
    }
    List<Row> rows = new ArrayList<>(count * copies);
    for (int copy = 0; copy < copies; copy++) {
      for (int i = 0; i < count; i++) {
        Float[] pixels = new Float[SIDE * SIDE];
        for (int p = 0; p < pixels.length; p++) {
          pixels[p] = (data[2 + i * per + p] & 0xff) / 255f;
        }
        rows.add(RowFactory.create(copy * count + i, (int) data[1 + i * per], List.of(pixels)));
      }
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /** A resource of the cnnx build (the bundled model and images). */
  public static byte[] resource(String name) {
    try (InputStream in = FashionImages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new CnnxException(CnnxException.Kind.INVALID, "bundled resource " + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, name + ": " + e.getMessage(), e);
    }
  }
}
