package cnnx.host.fusion;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.Plan;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A DenseNet-style block: each layer reads everything before it (Relu, 3×3 Conv) and a Concat appends its channels.
 * At batch 1 the whole chain lives in the last Concat's buffer: the pool writes its first channels, each conv its
 * own slice, and no Concat copies; at batch 2 the Concats copy as before. Both against the reference.
 */
class ConcatChainTest {
  private static byte[] denseBlock(int n, int layers, int growth, boolean sideOutput) {
    SplittableRandom rnd = new SplittableRandom(7);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(17).irVersion(8).input("x", n, 4, 10, 10);
    b.node("MaxPool", names("x"), names("x0"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2));
    String prev = "x0";
    int channels = 4;
    for (int k = 1; k <= layers; k++) {
      b.node("Relu", names(prev), names("r" + k));
      float[] w = RandomTensors.normal(rnd, growth, channels, 3, 3).floats();
      b.initializer("w" + k, w, growth, channels, 3, 3);
      b.node("Conv", names("r" + k, "w" + k), names("c" + k), attrInts("pads", 1, 1, 1, 1));
      b.node("Concat", names(prev, "c" + k), names("cat" + k), attr("axis", 1L));
      prev = "cat" + k;
      channels += growth;
    }
    b.node("Sigmoid", names(prev), names("y"));
    if (sideOutput) {
      // an intermediate Concat read again after the later convs wrote their slices: only its own channels count
      b.node("GlobalAveragePool", names("cat2"), names("side"));
      return b.untypedOutputs("y", "side").toBytes();
    }
    return b.untypedOutputs("y").toBytes();
  }

  @ParameterizedTest
  @CsvSource({"1, 0, false", "2, 4, false", "1, 0, true"})
  void aDenseBlockMatchesTheReferenceAndCopiesOnlyAboveBatchOne(int n, int concatLaunches, boolean sideOutput) {
    byte[] model = denseBlock(n, 4, 3, sideOutput);
    Tensor x = RandomTensors.normal(new SplittableRandom(3), n, 4, 10, 10);
    OpenClHarness.assertMatchesReference(model, Map.of("x", x), 1e-4, 1e-5);
    Plan plan = new Compiler().compile(new OnnxImporter().load(model, "model.onnx"),
        Compiler.Options.defaults().withInputShapes(Map.of("x", new int[] {n, 4, 10, 10}))).plan();
    long concats = plan.launches().stream().filter(l -> l.onnxNodes().stream().anyMatch(s -> s.startsWith("concat")))
        .count();
    assertEquals(concatLaunches, concats, plan.launches().toString());
    if (n == 1) {
      // the pool (the first launch) and the four convs all write the last Concat's buffer
      int pooled = plan.launches().get(0).outputs().get(0);
      assertEquals(5, plan.launches().stream().filter(l -> l.outputs().contains(pooled)).count(),
          plan.launches().toString());
    }
  }
}
