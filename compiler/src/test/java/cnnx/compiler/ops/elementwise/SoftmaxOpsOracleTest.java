package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Softmax, LogSoftmax and Hardmax on every axis (positive and negative) of ranks 1 to 4. */
class SoftmaxOpsOracleTest {
  private static byte[] model(int[] shape, Long axis) {
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(shape));
    for (String op : new String[] {"Softmax", "LogSoftmax", "Hardmax"}) {
      String y = op.toLowerCase();
      if (axis == null) {
        m.node(op, names("x"), names(y));
      } else {
        m.node(op, names("x"), names(y), attr("axis", axis));
      }
      m.rankedOutput(y, shape.length);
    }
    return m.toBytes();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void everyAxisMatchesOrt(int rank) {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed * 10 + rank);
      int[] shape = RandomShapes.withOnes(rnd, rank, 6);
      // Large inputs: without the max subtraction exp would overflow.
      Tensor x = UnaryOpsOracleTest.scaled(RandomTensors.normal(rnd, shape), seed == 3 ? 100 : 2);
      for (long axis = -rank; axis < rank; axis++) {
        OracleHarness.assertMatchesOrt(model(shape, axis), Map.of("x", x),
            "axis " + axis + " of " + Arrays.toString(shape) + " seed " + seed);
      }
      OracleHarness.assertMatchesOrt(model(shape, null), Map.of("x", x), "default axis seed " + seed);
    }
  }

  /** Hardmax marks the first of several equal maxima, as ONNX Runtime does. */
  @Test
  void hardmaxTiesPickTheFirst() {
    Tensor x = Tensor.ofFloats(new int[] {2, 4}, new float[] {1, 3, 3, 0, 2, 2, 2, 2});
    OracleHarness.assertMatchesOrt(model(new int[] {2, 4}, -1L), Map.of("x", x), "ties");
    OracleHarness.assertMatchesOrt(model(new int[] {2, 4}, 0L), Map.of("x", x), "ties axis 0");
  }
}
