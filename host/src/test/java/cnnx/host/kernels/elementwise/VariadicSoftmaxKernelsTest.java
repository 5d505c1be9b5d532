package cnnx.host.kernels.elementwise;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Variadic Max/Min/Sum/Mean with broadcasting, and the softmax family along random axes. */
class VariadicSoftmaxKernelsTest {
  private static final int INT64 = DataType.INT64.onnxCode();

  /** One to three inputs broadcast together; NaN propagates through Max and Min as in Java. */
  @ParameterizedTest
  @ValueSource(strings = {"Max", "Min", "Sum", "Mean"})
  void floatVariadic(String op) {
    SplittableRandom rnd = Cases.rnd(op, 1);
    for (int n = 1; n <= 3; n += 2) {
      int[] ranks = new int[n];
      for (int i = 0; i < n; i++) {
        ranks[i] = rnd.nextInt(0, 4);
      }
      int[][] s = RandomShapes.broadcastable(rnd, 5, ranks);
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21);
      List<String> in = new java.util.ArrayList<>();
      Map<String, Tensor> feed = new HashMap<>();
      for (int i = 0; i < n; i++) {
        b.input("x" + i, dims(s[i]));
        in.add("x" + i);
        Tensor t = Cases.normal(rnd, 2, s[i]);
        feed.put("x" + i, i == n - 1 && n > 1 ? Cases.withSpecials(t, Float.NaN) : t);
      }
      b.node(op, in, names("y")).output("y");
      Cases.check(op + " of " + n, b, feed);
    }
  }

  @Test
  void integerMaxMin() {
    SplittableRandom rnd = Cases.rnd("int-maxmin", 1);
    int[][] s = RandomShapes.broadcastable(rnd, 5, 2, 3);
    for (String op : new String[] {"Max", "Min"}) {
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", INT64, dims(s[0]))
          .typedInput("b", INT64, dims(s[1])).node(op, names("a", "b"), names("y")).output("y", INT64);
      Cases.check(op + " int64", b, Map.of("a", RandomTensors.ints(rnd, DataType.INT64, -1L << 40, 1L << 40, s[0]),
          "b", RandomTensors.ints(rnd, DataType.INT64, -1L << 40, 1L << 40, s[1])));
    }
  }

  /**
   * The sum of exponentials is accumulated in float over the axis (at most 9 here), so results
   * agree with the reference's double sum within the default tolerance.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Softmax", "LogSoftmax", "Hardmax"})
  void softmaxFamily(String op) {
    for (long seed = 1; seed <= 2; seed++) {
      SplittableRandom rnd = Cases.rnd(op, seed);
      int rank = rnd.nextInt(1, 5);
      int[] shape = RandomShapes.withOnes(rnd, rank, 9);
      int axis = rnd.nextInt(-rank, rank);
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape))
          .node(op, names("x"), names("y"), attr("axis", axis)).output("y");
      for (int draw = 0; draw < 2; draw++) {
        // Draw 1: small integers as floats, so Hardmax sees ties (the first maximum wins).
        Tensor x = draw == 0 ? Cases.normal(rnd, 4, shape) : RandomTensors.ints(rnd, DataType.INT64, -2, 2, shape);
        if (!x.isFloating()) {
          float[] f = new float[x.size()];
          for (int i = 0; i < f.length; i++) {
            f[i] = x.longs()[i];
          }
          x = Tensor.ofFloats(shape, f);
        }
        Cases.check(op + " " + Arrays.toString(shape) + " axis " + axis + " draw " + draw, b, Map.of("x", x));
      }
    }
  }

  /** Long axes take one work-item per slice: class scores (batch 2 x 1000) and a middle axis of 100. */
  @ParameterizedTest
  @ValueSource(strings = {"Softmax", "LogSoftmax"})
  void softmaxOverLongAxes(String op) {
    for (int[] shapeAxis : new int[][] {{2, 1000, 1}, {3, 100, 5, 1}}) {
      int[] shape = Arrays.copyOf(shapeAxis, shapeAxis.length - 1);
      int axis = shapeAxis[shapeAxis.length - 1];
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape))
          .node(op, names("x"), names("y"), attr("axis", axis)).output("y");
      Cases.check(op + " " + Arrays.toString(shape) + " axis " + axis, b,
          Map.of("x", Cases.normal(Cases.rnd(op + "-long", axis), 4, shape)));
    }
  }

  /** The default axis is the last. */
  @Test
  void softmaxDefaultAxis() {
    int[] shape = {2, 10};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape))
        .node("Softmax", names("x"), names("y")).output("y");
    Cases.check("Softmax default axis", b, Map.of("x", Cases.normal(Cases.rnd("softmax-default", 1), 5, shape)));
  }
}
