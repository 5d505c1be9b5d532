package cnnx.host.cli;

import cnnx.api.CnnxException;
import cnnx.api.Tensor;
import java.util.Arrays;

/**
 * Fashion-MNIST images with their labels: 28×28 grey bytes each. As a model input, pixels are scaled to [0, 1]
 * exactly as the training script did ({@code x / 255}, no normalisation).
 */
record DemoImages(int count, byte[] labels, byte[] pixels) {
  static final int SIDE = 28;
  static final int AREA = SIDE * SIDE;

  static DemoImages of(byte[] labels, byte[] pixels) {
    return new DemoImages(labels.length, labels, pixels);
  }

  /** The bundled sample: a count byte, then per image one label byte and 28×28 grey bytes. */
  static DemoImages parse(byte[] data) {
    if (data.length < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "demo images: empty file");
    }
    int count = data[0] & 0xff;
    int per = 1 + AREA;
    if (data.length != 1 + count * per) {
      throw new CnnxException(CnnxException.Kind.INVALID, "demo images: " + data.length + " bytes for " + count + " images");
    }
    byte[] labels = new byte[count];
    byte[] pixels = new byte[count * AREA];
    for (int i = 0; i < count; i++) {
      labels[i] = data[1 + i * per];
      System.arraycopy(data, 2 + i * per, pixels, i * AREA, AREA);
    }
    return new DemoImages(count, labels, pixels);
  }

  /** The first {@code n} images. */
  DemoImages first(int n) {
    int k = Math.min(n, count);
    return new DemoImages(k, Arrays.copyOf(labels, k), Arrays.copyOf(pixels, k * AREA));
  }

  int label(int i) {
    return labels[i];
  }

  int pixel(int image, int y, int x) {
    return pixels[image * AREA + y * SIDE + x] & 0xff;
  }

  /** All images as one batch. */
  Tensor batch() {
    return batch(0, count, count);
  }

  /** Images {@code from} .. {@code from + n - 1} as a batch of {@code size} (zero images pad the rest). */
  Tensor batch(int from, int n, int size) {
    float[] x = new float[size * AREA];
    for (int i = 0; i < n * AREA; i++) {
      x[i] = (pixels[from * AREA + i] & 0xff) / 255f;
    }
    return Tensor.ofFloats(new int[] {size, 1, SIDE, SIDE}, x);
  }
}
