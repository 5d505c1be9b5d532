package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.ops.elementwise.OracleHarness.INT64;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Max, Min, Sum and Mean of 1 to 4 inputs of broadcastable random shapes, against ONNX Runtime. */
class VariadicOpsOracleTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void floatInputsMatchOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int count = 1; count <= 4; count++) {
      int[][] shapes = randomRanks(rnd, count);
      OnnxModelBuilder m = new OnnxModelBuilder().opset(21);
      Map<String, Tensor> in = new HashMap<>();
      List<String> names = new ArrayList<>();
      int rank = 0;
      for (int k = 0; k < count; k++) {
        m.typedInput("x" + k, FLOAT, dims(shapes[k]));
        in.put("x" + k, RandomTensors.normal(rnd, shapes[k]));
        names.add("x" + k);
        rank = Math.max(rank, shapes[k].length);
      }
      for (String op : List.of("Max", "Min", "Sum", "Mean")) {
        m.node(op, names, names(op.toLowerCase()));
        m.rankedOutput(op.toLowerCase(), rank);
      }
      OracleHarness.assertMatchesOrt(m.toBytes(), in, count + " inputs seed " + seed);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void int64MaxMinMatchOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int count = 1 + (int) seed;
    int[][] shapes = randomRanks(rnd, count);
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21);
    Map<String, Tensor> in = new HashMap<>();
    List<String> names = new ArrayList<>();
    int rank = 0;
    for (int k = 0; k < count; k++) {
      m.typedInput("x" + k, INT64, dims(shapes[k]));
      in.put("x" + k, RandomTensors.ints(rnd, DataType.INT64, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2 - 1, shapes[k]));
      names.add("x" + k);
      rank = Math.max(rank, shapes[k].length);
    }
    m.node("Max", names, names("max")).node("Min", names, names("min"));
    m.rankedOutput("max", rank, INT64);
    m.rankedOutput("min", rank, INT64);
    OracleHarness.assertMatchesOrt(m.toBytes(), in, "int64 seed " + seed);
  }

  private static int[][] randomRanks(SplittableRandom rnd, int count) {
    int[] ranks = new int[count];
    for (int k = 0; k < count; k++) {
      ranks[k] = rnd.nextInt(5);
    }
    return RandomShapes.broadcastable(rnd, 4, ranks);
  }
}
