package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.api.CnnxException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Image-source rows (interleaved B, G, R bytes, row by row) become planar, normalised NCHW floats. */
class ImageColumnTest {
  private static final StructType SCHEMA = new StructType().add("image", ImageRows.IMAGE);
  private static final ImageShape RGB_2X1 = new ImageShape(0, 3, 1, 2);

  private static Row image(int channels, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return RowFactory.create(RowFactory.create("x.png", 1, bytes.length / channels, channels, 16, b));
  }

  @Test
  void bgrPixelsBecomeRgbPlanesScaledAndNormalisedAsCnnxRunDoes() {
    Row row = image(3, 10, 20, 30, 40, 50, 60); // pixel 0: B10 G20 R30, pixel 1: B40 G50 R60
    float[] out = new float[6];
    ImageColumn.of(SCHEMA, "image").read(row, RGB_2X1,
        ScoreOptions.defaults().withPreprocess("mean=1,2,3,std=1,2,4"), out, 0);
    float[] expected = {
      (30 / 255f - 1) / 1, (60 / 255f - 1) / 1, // R plane
      (20 / 255f - 2) / 2, (50 / 255f - 2) / 2, // G plane
      (10 / 255f - 3) / 4, (40 / 255f - 3) / 4, // B plane
    };
    assertArrayEquals(expected, out);
  }

  @Test
  void aBrokenOrTooSmallImageIsInvalid() {
    ImageColumn column = ImageColumn.of(SCHEMA, "image");
    CnnxException bytes = assertThrows(CnnxException.class, () -> column.read(image(3, 1, 2, 3, 4, 5),
        RGB_2X1, ScoreOptions.defaults(), new float[6], 0));
    assertEquals(CnnxException.Kind.INVALID, bytes.kind());
    CnnxException channels = assertThrows(CnnxException.class, () -> column.read(image(2, 1, 2, 3, 4),
        RGB_2X1, ScoreOptions.defaults(), new float[6], 0));
    assertEquals(CnnxException.Kind.INVALID, channels.kind());
    CnnxException small = assertThrows(CnnxException.class, () -> column.read(image(3, 1, 2, 3),
        new ImageShape(0, 3, 2, 2), ScoreOptions.defaults().withPreprocess("none").withResize(1), new float[12], 0));
    assertEquals(CnnxException.Kind.INVALID, small.kind());
    assertTrue(small.getMessage().startsWith("x.png: "), small.getMessage());
  }

  @Test
  void aColumnOfAnotherTypeIsRefused() {
    StructType s = new StructType().add("n", DataTypes.IntegerType);
    assertEquals(CnnxException.Kind.INVALID, assertThrows(CnnxException.class, () -> ImageColumn.of(s, "n")).kind());
  }
}
