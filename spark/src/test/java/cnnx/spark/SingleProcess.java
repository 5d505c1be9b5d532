package cnnx.spark;

import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import cnnx.api.CompiledModel;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.spark.examples.FashionImages;
import java.util.Map;

/**
 * The independent side of the comparisons: the bundled images classified in this process through the public API
 * alone, with no Spark, as one batch.
 */
final class SingleProcess {
  /** Every image's output slice, image by image, and how long the run took. */
  record Run(float[][] outputs, int[] labels, double seconds) {
    int argmax(int image) {
      return Predictions.topK(outputs[image], 0, outputs[image].length, 1)[0];
    }
  }

  private SingleProcess() {}

  static int imageCount() {
    return FashionImages.resource(FashionImages.IMAGES)[0] & 0xff;
  }

  /** The images as one float batch, pixels/255, as {@code cnnx demo} feeds them. */
  static float[] pixels(int copies) {
    byte[] data = FashionImages.resource(FashionImages.IMAGES);
    int n = data[0] & 0xff;
    int side = FashionImages.SIDE * FashionImages.SIDE;
    float[] px = new float[copies * n * side];
    for (int c = 0; c < copies; c++) {
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < side; p++) {
          px[(c * n + i) * side + p] = (data[2 + i * (1 + side) + p] & 0xff) / 255f;
        }
      }
    }
    return px;
  }

  static int[] labels() {
    byte[] data = FashionImages.resource(FashionImages.IMAGES);
    int n = data[0] & 0xff;
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = data[1 + i * (1 + FashionImages.SIDE * FashionImages.SIDE)];
    }
    return l;
  }

  /** The ONNX model on the reference device, all images as one batch. */
  static Run reference(int copies) {
    return reference(imageCount() * copies, copies);
  }

  /** The ONNX model on the reference device in batches of {@code batch} (the image count must be a multiple). */
  static Run reference(int batch, int copies) {
    CompiledModel c = Cnnx.load(FashionImages.resource(FashionImages.MODEL), "fashion-cnn.onnx")
        .compile(CompileOptions.forDevice("reference").withBatch(batch));
    return run(c, null, batch, copies);
  }

  /** A compiled plan, in batches of its own size (the image count must be a multiple). */
  static Run plan(CompiledModel plan, String device, int batch, int copies) {
    return run(plan, device, batch, copies);
  }

  private static Run run(CompiledModel c, String device, int batch, int copies) {
    float[] px = pixels(copies);
    int side = FashionImages.SIDE * FashionImages.SIDE;
    int n = px.length / side;
    float[][] out = new float[n][];
    String input = c.inputNames().get(0);
    try (Session s = device == null ? c.newSession() : c.newSession(device)) {
      s.run(Map.of(input, Tensor.ofFloats(new int[] {batch, 1, 28, 28}, java.util.Arrays.copyOf(px, batch * side))));
      long t0 = System.nanoTime(); // timed after a first run, as an executor's cached session runs
      for (int b = 0; b < n; b += batch) {
        float[] chunk = java.util.Arrays.copyOfRange(px, b * side, (b + batch) * side);
        float[] o = s.run(Map.of(input, Tensor.ofFloats(new int[] {batch, 1, 28, 28}, chunk))).output(0).floats();
        int per = o.length / batch;
        for (int i = 0; i < batch; i++) {
          out[b + i] = java.util.Arrays.copyOfRange(o, i * per, (i + 1) * per);
        }
      }
      return new Run(out, labels(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
