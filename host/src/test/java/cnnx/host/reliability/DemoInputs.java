package cnnx.host.reliability;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** The bundled demo model and a seeded input batch for it, written to a folder. */
final class DemoInputs {
  private DemoInputs() {}

  static void write(Path dir) throws IOException {
    try (InputStream in = DemoInputs.class.getResourceAsStream("/cnnx/demo/fashion-cnn.onnx")) {
      Files.write(dir.resolve("model.onnx"), in.readAllBytes());
    }
    SplittableRandom r = new SplittableRandom(42);
    float[] x = new float[4 * 28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    TensorFiles.write(dir.resolve("input_0.pb"), "image", Tensor.ofFloats(new int[] {4, 1, 28, 28}, x));
  }
}
