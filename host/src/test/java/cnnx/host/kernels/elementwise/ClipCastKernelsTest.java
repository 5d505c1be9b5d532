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
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Clip with constant and run-time bounds, and Cast between every pair of storage kinds. */
class ClipCastKernelsTest {
  private static final int FLOAT = DataType.FLOAT.onnxCode();
  private static final int INT64 = DataType.INT64.onnxCode();

  /** Constant bounds (both, only min, only max, min above max) baked in as literals. */
  @ParameterizedTest
  @ValueSource(strings = {"both", "min", "max", "crossed"})
  void constantBounds(String which) {
    SplittableRandom rnd = Cases.rnd("clip-" + which, 1);
    int[] shape = RandomShapes.withOnes(rnd, which.length() % 4 + 1, 6);
    float lo = (float) rnd.nextDouble(-2, 0);
    float hi = (float) rnd.nextDouble(0, 2);
    if (which.equals("crossed")) {
      float t = lo;
      lo = hi;
      hi = t;
    }
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape));
    b.initializer("lo", new float[] {lo}).initializer("hi", new float[] {hi});
    String min = which.equals("max") ? "" : "lo";
    String max = which.equals("min") ? "" : "hi";
    b.node("Clip", names("x", min, max), names("y")).output("y");
    Tensor x = Cases.withSpecials(Cases.normal(rnd, 2, shape), Float.NaN, Float.NEGATIVE_INFINITY);
    Cases.check("Clip " + which + " " + Arrays.toString(shape), b, Map.of("x", x));
  }

  /** Bounds fed at run time are loaded: a scalar and a one-element vector. */
  @Test
  void runtimeBounds() {
    SplittableRandom rnd = Cases.rnd("clip-runtime", 1);
    int[] shape = {2, 5, 3};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape))
        .input("lo").typedInput("hi", FLOAT, 1).node("Clip", names("x", "lo", "hi"), names("y")).output("y");
    for (int draw = 0; draw < 3; draw++) {
      float lo = (float) rnd.nextDouble(-2, 1);
      float hi = (float) rnd.nextDouble(-1, 2);
      Map<String, Tensor> in = Map.of("x", Cases.normal(rnd, 2, shape), "lo", Tensor.scalar(lo),
          "hi", Tensor.ofFloats(new int[] {1}, new float[] {hi}));
      Cases.check("Clip runtime bounds draw " + draw, b, in);
    }
  }

  @Test
  void integerBounds() {
    SplittableRandom rnd = Cases.rnd("clip-int", 1);
    int[] shape = {3, 7};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape))
        .initializerLongs("lo", new long[] {-5}).typedInput("hi", INT64)
        .node("Clip", names("x", "lo", "hi"), names("y")).output("y", INT64);
    Map<String, Tensor> in = Map.of("x", RandomTensors.ints(rnd, DataType.INT64, -20, 20, shape),
        "hi", Tensor.ofLongs(DataType.INT64, new int[0], new long[] {9}));
    Cases.check("Clip int64", b, in);
  }

  /**
   * Floats to every integer type: truncation toward zero, saturation at the type's range, NaN to
   * 0 and non-zero to true; one model, one Cast per target.
   */
  @Test
  void floatToIntegers() {
    int[] shape = {4, 6};
    DataType[] targets = {DataType.INT64, DataType.INT32, DataType.INT8, DataType.UINT8, DataType.BOOL};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).input("x", dims(shape));
    for (DataType t : targets) {
      b.node("Cast", names("x"), names("y_" + t), attr("to", t.onnxCode())).output("y_" + t, t.onnxCode());
    }
    SplittableRandom rnd = Cases.rnd("cast-float", 1);
    Tensor x = Cases.withSpecials(Cases.normal(rnd, 200, shape), Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 1e19f, -1e19f, 3e9f, -3e9f, 255.9f, 256.5f, -0.99f, 0.99f, -128.7f, -129.2f,
        127.9f, 128.1f, -0.0f, 0.0f);
    Cases.check("Cast from float", b, Map.of("x", x));
  }

  /** Integers narrow by wrapping, widen to float by rounding, and become bool where non-zero. */
  @Test
  void integerToOthers() {
    int[] shape = {5, 4};
    DataType[] targets = {DataType.FLOAT, DataType.INT32, DataType.INT8, DataType.UINT8, DataType.BOOL};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", INT64, dims(shape));
    for (DataType t : targets) {
      b.node("Cast", names("x"), names("y_" + t), attr("to", t.onnxCode())).output("y_" + t, t.onnxCode());
    }
    long[] a = RandomTensors.ints(Cases.rnd("cast-int", 1), DataType.INT64, -1000, 1000, shape).longs().clone();
    long[] specials = {0, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, (1L << 31) + 5, -(1L << 31) - 5, 255, 256,
        -129, 128, (1L << 53) + 1};
    System.arraycopy(specials, 0, a, 0, specials.length);
    Cases.check("Cast from int64", b, Map.of("x", Tensor.ofLongs(DataType.INT64, shape, a)));
  }

  @Test
  void boolToFloat() {
    int[] shape = {3, 3};
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", DataType.BOOL.onnxCode(), dims(shape))
        .node("Cast", names("x"), names("y"), attr("to", FLOAT)).output("y");
    Tensor x = RandomTensors.ints(Cases.rnd("cast-bool", 1), DataType.BOOL, 0, 1, shape);
    Cases.check("Cast bool to float", b, Map.of("x", x));
  }
}
