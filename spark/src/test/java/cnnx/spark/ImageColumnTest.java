package cnnx.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
  void bgrPixelsBecomeRgbPlanesScaledAndNormalised() {
    Row row = image(3, 10, 20, 30, 40, 50, 60); // pixel 0: B10 G20 R30, pixel 1: B40 G50 R60
    ScoreOptions o = ScoreOptions.defaults().withPixelDivisor(10).withNormalisation(new float[] {1, 2, 3},
        new float[] {1, 2, 4});
    float[] out = new float[6];
    ImageColumn.of(SCHEMA, "image").read(row, RGB_2X1, o, out, 0);
    // R plane (3, 6) - 1; G plane (2, 5) - 2, / 2; B plane (1, 4) - 3, / 4
    assertArrayEquals(new float[] {2, 5, 0, 1.5f, -0.5f, 0.25f}, out);
    float[] bgr = new float[6];
    ImageColumn.of(SCHEMA, "image").read(row, RGB_2X1, ScoreOptions.defaults().withPixelDivisor(1).withBgr(true),
        bgr, 0);
    assertArrayEquals(new float[] {10, 40, 20, 50, 30, 60}, bgr);
  }

  @Test
  void aWrongSizeOrChannelCountIsInvalid() {
    ImageColumn column = ImageColumn.of(SCHEMA, "image");
    CnnxException size = assertThrows(CnnxException.class, () -> column.read(image(3, 1, 2, 3, 4, 5, 6, 7, 8, 9),
        RGB_2X1, ScoreOptions.defaults(), new float[9], 0));
    assertEquals(CnnxException.Kind.INVALID, size.kind());
    CnnxException channels = assertThrows(CnnxException.class, () -> column.read(image(1, 1, 2),
        RGB_2X1, ScoreOptions.defaults(), new float[6], 0));
    assertEquals(CnnxException.Kind.INVALID, channels.kind());
  }

  @Test
  void aColumnOfAnotherTypeIsRefused() {
    StructType s = new StructType().add("n", DataTypes.IntegerType);
    assertEquals(CnnxException.Kind.INVALID, assertThrows(CnnxException.class, () -> ImageColumn.of(s, "n")).kind());
  }
}
