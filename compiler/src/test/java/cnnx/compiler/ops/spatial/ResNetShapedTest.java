package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every convolution of ResNet-18 at batch 2 (224 x 224 input), chained with BatchNormalization,
 * the stem MaxPool and the final GlobalAveragePool; the residual Adds and Relus belong to another
 * op family and are left out, so the downsampling 1x1 convs run as side branches. Checks the conv
 * hot loop is fast enough for whole-model reference runs, and agrees with ONNX Runtime after 20
 * layers to rtol 1e-3, atol 1e-3 (looser than the single-op tests: float rounding compounds).
 */
class ResNetShapedTest {
  private int count;

  private String conv(OnnxModelBuilder b, SplittableRandom rnd, String in, int cin, int cout, int k, int stride) {
    String name = "c" + count++;
    // Unit-variance weights keep activations near 1 through the chain of linear layers.
    float std = (float) Math.sqrt(1.0 / (cin * k * k));
    Tensor w = RandomTensors.normal(rnd, cout, cin, k, k);
    float[] scaled = w.floats().clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= std;
    }
    b.initializer(name + "_w", scaled, cout, cin, k, k);
    long p = k / 2;
    b.node("Conv", names(in, name + "_w"), names(name), attrInts("strides", stride, stride),
        attrInts("pads", p, p, p, p));
    float[] ones = new float[cout];
    Arrays.fill(ones, 1f);
    b.initializer(name + "_scale", RandomTensors.uniform(rnd, 0.5f, 1.5f, cout).floats(), cout);
    b.initializer(name + "_bias", RandomTensors.uniform(rnd, -0.1f, 0.1f, cout).floats(), cout);
    b.initializer(name + "_mean", RandomTensors.uniform(rnd, -0.1f, 0.1f, cout).floats(), cout);
    b.initializer(name + "_var", ones, cout);
    b.node("BatchNormalization", names(name, name + "_scale", name + "_bias", name + "_mean", name + "_var"),
        names(name + "_bn"));
    return name + "_bn";
  }

  @Test
  void resNet18ConvolutionsAtBatchTwo() {
    SplittableRandom rnd = new SplittableRandom(18);
    OnnxModelBuilder b = Harness.model().input("x", 2L, 3L, 224L, 224L);
    String t = conv(b, rnd, "x", 3, 64, 7, 2);
    b.node("MaxPool", names(t), names("pool"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2),
        attrInts("pads", 1, 1, 1, 1));
    t = "pool";
    int channels = 64;
    for (int stage = 0; stage < 4; stage++) {
      int out = 64 << stage;
      for (int block = 0; block < 2; block++) {
        int stride = stage > 0 && block == 0 ? 2 : 1;
        if (stride == 2) {
          String shortcut = conv(b, rnd, t, channels, out, 1, 2);
          b.rankedOutput(shortcut, 4);
        }
        t = conv(b, rnd, t, channels, out, 3, stride);
        t = conv(b, rnd, t, out, out, 3, 1);
        channels = out;
      }
    }
    b.node("GlobalAveragePool", names(t), names("features"));
    b.rankedOutput("features", 4);
    Tensor x = RandomTensors.normal(rnd, 2, 3, 224, 224);
    byte[] bytes = b.toBytes();

    Graph g = new OnnxImporter().load(bytes, "resnet18-convs");
    long start = System.nanoTime();
    Map<String, Tensor> actual = new ReferenceInterpreter().run(g, Map.of("x", x));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("ResNet-18 convolutions, batch 2: %.2f s on %d cores%n", seconds,
        Runtime.getRuntime().availableProcessors());
    // The time is printed, not asserted: speed belongs to the benchmarks, not to a unit test.

    Map<String, Tensor> expected = OrtOracle.run(bytes, Map.of("x", x));
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      TensorAssert.assertClose(e.getValue(), actual.get(e.getKey()), 1e-3, 1e-3, e.getKey());
    }
  }
}
