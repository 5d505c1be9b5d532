package cnnx.host.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A float sum of cancelling terms passes by its measured sensitivity; a wrong well-conditioned value does not. */
class RoundingSensitivityTest {
  private static final Graph MEAN = new OnnxImporter().load(new OnnxModelBuilder().input("x", 1, 1, 2, 2)
      .node("GlobalAveragePool", names("x"), names("y")).output("y").toBytes(), "mean.onnx");

  @Test
  void aFloatSumOfCancellingTermsIsWithinItsSensitivity() {
    float[] x = {1e8f, 1f, -1e8f, 1f};
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 2, 2}, x));
    Map<String, Tensor> ref = new ReferenceInterpreter().run(MEAN, in);
    float sum = 0;
    for (float v : x) {
      sum += v; // in float, in order, as a kernel does: 1e8 + 1 loses the 1
    }
    Map<String, Tensor> dev = Map.of("y", Tensor.ofFloats(new int[] {1, 1, 1, 1}, new float[] {sum / 4}));
    assertNotNull(RoundingSensitivity.plain(ref, dev, 1e-3, 1e-4), "the plain tolerance passes it");
    assertNull(RoundingSensitivity.check(MEAN, in, ref, dev, 1e-3, 1e-4));
  }

  @Test
  void nanPassesOnlyWhereRoundingMakesTheReferenceNaNToo() {
    Graph root = new OnnxImporter().load(new OnnxModelBuilder().input("x", 1, 1, 2, 2)
        .node("GlobalAveragePool", names("x"), names("m")).node("Sqrt", names("m"), names("y")).output("y")
        .toBytes(), "root.onnx");
    Map<String, Tensor> nan = Map.of("y", Tensor.ofFloats(new int[] {1, 1, 1, 1}, new float[] {Float.NaN}));
    // the mean is 2e-3 after cancelling terms of 1e8: moved by rounding, it goes negative, and its root NaN
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 2, 2}, new float[] {1e8f, 4e-3f, -1e8f, 4e-3f}));
    assertNull(RoundingSensitivity.check(root, in, new ReferenceInterpreter().run(root, in), nan, 1e-3, 1e-4));
    Map<String, Tensor> plainIn = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 2, 2}, new float[] {1, 2, 3, 4}));
    assertNotNull(RoundingSensitivity.check(root, plainIn, new ReferenceInterpreter().run(root, plainIn), nan, 1e-3,
        1e-4));
  }

  @Test
  void aWrongValueOfAWellConditionedOutputIsAFinding() {
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 2, 2}, new float[] {1, 2, 3, 4}));
    Map<String, Tensor> ref = new ReferenceInterpreter().run(MEAN, in);
    assertNotNull(RoundingSensitivity.check(MEAN, in, ref,
        Map.of("y", Tensor.ofFloats(new int[] {1, 1, 1, 1}, new float[] {2.51f})), 1e-3, 1e-4));
    assertNotNull(RoundingSensitivity.check(MEAN, in, ref,
        Map.of("y", Tensor.ofFloats(new int[] {1, 1, 1, 1}, new float[] {Float.NaN})), 1e-3, 1e-4));
    assertNull(RoundingSensitivity.check(MEAN, in, ref,
        Map.of("y", Tensor.ofFloats(new int[] {1, 1, 1, 1}, new float[] {2.5f})), 1e-3, 1e-4));
  }

  @Test
  void infinitiesMustMatchExactly() {
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 2, 2},
        new float[] {Float.POSITIVE_INFINITY, 1, 2, 3}));
    Map<String, Tensor> ref = new ReferenceInterpreter().run(MEAN, in);
    Map<String, Tensor> finite = Map.of("y", Tensor.ofFloats(new int[] {1, 1, 1, 1}, new float[] {Float.MAX_VALUE}));
    assertNotNull(RoundingSensitivity.plain(ref, finite, 1e-3, 1e-4), "rtol * |inf| lets a finite value pass");
    assertNotNull(RoundingSensitivity.check(MEAN, in, ref, finite, 1e-3, 1e-4));
    assertNull(RoundingSensitivity.plain(ref, ref, 1e-3, 1e-4));
  }
}
