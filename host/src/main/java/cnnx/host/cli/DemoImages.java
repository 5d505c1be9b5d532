package cnnx.host.cli;

import cnnx.api.CnnxException;
import cnnx.api.Tensor;

/**
 * The bundled test images: a byte count, then per image one label byte and 28×28 grey bytes.
 * Pixels are scaled to [0, 1] as the model was trained.
 */
record DemoImages(int count, byte[] labels, float[] pixels) {
  static final int SIDE = 28;

  static DemoImages parse(byte[] data) {
    if (data.length < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "demo images: empty file");
    }
    int count = data[0] & 0xff;
    int per = 1 + SIDE * SIDE;
    if (data.length != 1 + count * per) {
      throw new CnnxException(CnnxException.Kind.INVALID, "demo images: " + data.length + " bytes for " + count + " images");
    }
    byte[] labels = new byte[count];
    float[] pixels = new float[count * SIDE * SIDE];
    for (int i = 0; i < count; i++) {
      labels[i] = data[1 + i * per];
      for (int p = 0; p < SIDE * SIDE; p++) {
        pixels[i * SIDE * SIDE + p] = (data[2 + i * per + p] & 0xff) / 255f;
      }
    }
    return new DemoImages(count, labels, pixels);
  }

  int label(int i) {
    return labels[i];
  }

  Tensor batch() {
    return Tensor.ofFloats(new int[] {count, 1, SIDE, SIDE}, pixels);
  }
}
