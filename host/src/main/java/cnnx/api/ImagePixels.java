package cnnx.api;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * The pixel arithmetic behind {@link Preprocessing}: planes of 0..255 values, PIL's antialiased bilinear resize,
 * torchvision's center crop, scaling and normalisation.
 */
final class ImagePixels {
  private ImagePixels() {}

  /** Writes one preprocessed image into {@code out} at image index {@code n} of a batch. */
  static void fill(BufferedImage image, Preprocessing p, float[] out, int n) {
    float[][] planes = planes(image, p.channels());
    int h = image.getHeight();
    int w = image.getWidth();
    // torchvision's Resize(int): the shorter side becomes `resize`, the longer one int(resize * long / short)
    int rh = h <= w ? p.resize() : (int) ((long) p.resize() * h / w);
    int rw = h <= w ? (int) ((long) p.resize() * w / h) : p.resize();
    if (rh != h || rw != w) {
      for (int c = 0; c < planes.length; c++) {
        planes[c] = resize(planes[c], h, w, rh, rw);
      }
      h = rh;
      w = rw;
    }
    if (h < p.height() || w < p.width()) {
      throw new CnnxException(CnnxException.Kind.INVALID, "a " + w + "x" + h + " image (after resizing) is smaller"
          + " than the " + p.width() + "x" + p.height() + " crop; pass a larger --resize");
    }
    // torchvision's CenterCrop rounds half to even, as Python's round() does
    int top = (int) Math.rint((h - p.height()) / 2.0);
    int left = (int) Math.rint((w - p.width()) / 2.0);
    int hw = p.height() * p.width();
    int base = n * p.channels() * hw;
    for (int c = 0; c < p.channels(); c++) {
      float mean = p.meanOf(c);
      float std = p.stdOf(c);
      for (int y = 0; y < p.height(); y++) {
        for (int x = 0; x < p.width(); x++) {
          float v = (planes[c][(top + y) * w + left + x] / 255f - mean) / std;
          int at = p.layout() == Preprocessing.Layout.NCHW ? base + c * hw + y * p.width() + x
              : base + (y * p.width() + x) * p.channels() + c;
          out[at] = v;
        }
      }
    }
  }

  /**
   * The image as {@code channels} planes of 0..255 values. Grey images give their stored samples: going through
   * {@code getRGB} would convert them from linear grey to sRGB and brighten every mid-tone.
   */
  static float[][] planes(BufferedImage image, int channels) {
    int h = image.getHeight();
    int w = image.getWidth();
    float[][] planes = new float[channels][h * w];
    Raster raster = image.getRaster();
    boolean grey = raster.getNumBands() <= 2 && !(image.getColorModel() instanceof IndexColorModel);
    if (grey) {
      float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float v = raster.getSample(x, y, 0) * 255f / max;
          for (int c = 0; c < channels; c++) {
            planes[c][y * w + x] = v;
          }
        }
      }
      return planes;
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      int r = (argb[i] >> 16) & 0xff;
      int g = (argb[i] >> 8) & 0xff;
      int b = argb[i] & 0xff;
      if (channels == 1) {
        // PIL's convert("L"): ITU-R 601-2 luma in 16-bit fixed point, rounded
        planes[0][i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
      } else {
        planes[0][i] = r;
        planes[1][i] = g;
        planes[2][i] = b;
      }
    }
    return planes;
  }

  /** PIL's bilinear resize: a triangle filter widened by the scale when shrinking, rows first, 8-bit rounding. */
  static float[] resize(float[] src, int h, int w, int oh, int ow) {
    float[] rows = pass(src, h, w, ow, true);
    return pass(rows, h, ow, oh, false);
  }

  private static float[] pass(float[] src, int h, int w, int outLen, boolean horizontal) {
    int inLen = horizontal ? w : h;
    int lines = horizontal ? h : w;
    if (inLen == outLen) {
      return src;
    }
    double scale = (double) inLen / outLen;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale;
    float[] out = new float[horizontal ? h * outLen : outLen * w];
    for (int o = 0; o < outLen; o++) {
      double center = (o + 0.5) * scale;
      int lo = Math.max((int) (center - support + 0.5), 0);
      int hi = Math.min((int) (center + support + 0.5), inLen);
      double[] weights = new double[hi - lo];
      double total = 0;
      for (int i = lo; i < hi; i++) {
        double t = Math.abs((i - center + 0.5) / filterScale);
        weights[i - lo] = t < 1 ? 1 - t : 0;
        total += weights[i - lo];
      }
      for (int line = 0; line < lines; line++) {
        double sum = 0;
        for (int i = lo; i < hi; i++) {
          sum += weights[i - lo] * (horizontal ? src[line * w + i] : src[i * w + line]);
        }
        float v = (float) Math.min(255, Math.max(0, Math.rint(total == 0 ? 0 : sum / total)));
        out[horizontal ? line * outLen + o : o * w + line] = v;
      }
    }
    return out;
  }
}
