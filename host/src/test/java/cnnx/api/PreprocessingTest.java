package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image preprocessing against values worked out by hand from torchvision's definitions. */
class PreprocessingTest {
  private static BufferedImage rgb(int w, int h, java.util.function.IntBinaryOperator argb) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, argb.applyAsInt(x, y));
      }
    }
    return image;
  }

  @Test
  void imagenetNormalisesEachChannelInRgbOrder() {
    BufferedImage image = rgb(224, 224, (x, y) -> (255 << 16) | (128 << 8)); // R 255, G 128, B 0
    float[] t = Tensor.fromImage(image, Preprocessing.imagenet(224, 224)).floats();
    int plane = 224 * 224;
    assertEquals((1f - 0.485f) / 0.229f, t[0], 1e-5);
    assertEquals((128 / 255f - 0.456f) / 0.224f, t[plane + 17], 1e-5);
    assertEquals((0f - 0.406f) / 0.225f, t[2 * plane + 999], 1e-5);
  }

  @Test
  void imagenetResizesTheShorterSideTo256ThenCropsTheCenter() {
    // 512 x 1024 (h x w): shorter side 512 -> 256, width 1024 -> 512; the 224 crop starts at (16, 144). Output
    // column 144 averages input columns 287..290 (the triangle filter widened to 2); column 143 reaches 285.
    BufferedImage image = rgb(1024, 512, (x, y) -> x < 286 ? 0 : 0xffffff);
    Preprocessing p = Preprocessing.imagenet(224, 224).withNormalization(List.of(0f), List.of(1f));
    float[] t = Tensor.fromImage(image, p).floats();
    assertEquals(1f, t[0], 1e-6, "the crop starts at column 144, clear of the dark band");
    BufferedImage shifted = rgb(1024, 512, (x, y) -> x < 292 ? 0 : 0xffffff);
    assertEquals(0f, Tensor.fromImage(shifted, p).floats()[0], 1e-6, "column 144 lies inside a band to 291");
  }

  @Test
  void bilinearDownscaleAveragesAsPilDoes() {
    // halving a 4-wide row 0, 100, 200, 250: PIL's triangle filter of support 2 centred at 1.0 and 3.0 weighs
    // the neighbours 1/8, 3/8, 3/8, 1/8 (clipped and renormalised at the borders)
    float[] src = {0, 100, 200, 250};
    float[] out = ImagePixels.resize(src, 1, 4, 1, 2);
    assertEquals(Math.rint((0 * 3 + 100 * 3 + 200 * 1) / 7.0), out[0], 1e-6);
    assertEquals(Math.rint((100 * 1 + 200 * 3 + 250 * 3) / 7.0), out[1], 1e-6);
  }

  @Test
  void greyImagesKeepTheirStoredSamples(@TempDir Path dir) throws Exception {
    BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(3, 5, 0, 100);
    Path file = dir.resolve("g.png");
    ImageIO.write(grey, "png", file.toFile());
    float[] t = Tensor.fromImage(Images.read(file), Preprocessing.scaleOnly(28, 28, 1)).floats();
    // through getRGB the sample would come back gamma-converted to sRGB (about 170 for 100)
    assertEquals(100 / 255f, t[5 * 28 + 3], 1e-6);
  }

  @Test
  void rgbBecomesLumaForGreyModels() {
    BufferedImage image = rgb(2, 2, (x, y) -> (200 << 16) | (100 << 8) | 50);
    float[] t = Tensor.fromImage(image, Preprocessing.scaleOnly(2, 2, 1)).floats();
    int luma = (200 * 19595 + 100 * 38470 + 50 * 7471 + 0x8000) >> 16; // PIL's convert("L")
    assertEquals(luma / 255f, t[0], 1e-6);
  }

  @Test
  void nhwcPutsChannelsLast() {
    BufferedImage image = rgb(2, 1, (x, y) -> x == 0 ? 0xff0000 : 0x0000ff);
    Preprocessing p = Preprocessing.scaleOnly(1, 2, 3).withLayout(Preprocessing.Layout.NHWC);
    Tensor t = Tensor.fromImage(image, p);
    assertArrayEquals(new int[] {1, 1, 2, 3}, t.shape());
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, t.floats());
  }

  @Test
  void badSpecsAreInvalid() {
    for (String spec : new String[] {"imagenett", "mean=1,2,std=1", "mean=0.5,std=0", "mean=x,std=1"}) {
      CnnxException e = assertThrows(CnnxException.class,
          () -> Preprocessing.parse(spec, 224, 224, 3, Preprocessing.Layout.NCHW), spec);
      assertEquals(CnnxException.Kind.INVALID, e.kind(), spec);
    }
    Preprocessing p = Preprocessing.parse("mean=0.5,std=0.25", 8, 8, 3, Preprocessing.Layout.NCHW);
    assertEquals(List.of(0.5f), p.mean());
  }
}
