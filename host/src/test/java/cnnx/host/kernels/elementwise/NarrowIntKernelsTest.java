package cnnx.host.kernels.elementwise;

import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * INT32, INT8 and UINT8 results live in int64 storage on the device but wrap into their own range
 * after every op, as the reference does; here no operand is a constant, so only the IR type of the
 * output can tell the kernel the narrow type.
 */
class NarrowIntKernelsTest {
  private static final int INT32 = DataType.INT32.onnxCode();
  private static final int[] SHAPE = {3, 5};

  /** Full-range int32 operands: most sums, differences and products overflow. */
  @ParameterizedTest
  @ValueSource(strings = {"Add", "Sub", "Mul"})
  void int32ArithmeticWraps(String op) {
    SplittableRandom rnd = Cases.rnd(op + "-int32-wrap", 1);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", INT32, dims(SHAPE))
        .typedInput("b", INT32, dims(SHAPE)).node(op, names("a", "b"), names("y")).output("y", INT32);
    Cases.check(op + " int32 wrapping", b, Map.of("a", full(rnd, DataType.INT32), "b", full(rnd, DataType.INT32)));
  }

  /** -MIN and |MIN| wrap back to MIN in int32 and int8. */
  @Test
  void negAndAbsOfTheMinimumWrap() {
    for (DataType t : new DataType[] {DataType.INT32, DataType.INT8}) {
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("x", t.onnxCode(), dims(SHAPE))
          .node("Neg", names("x"), names("n")).node("Abs", names("x"), names("a"))
          .output("n", t.onnxCode()).output("a", t.onnxCode());
      long[] x = full(Cases.rnd("neg-abs-" + t, 1), t).longs().clone();
      x[0] = t == DataType.INT32 ? Integer.MIN_VALUE : Byte.MIN_VALUE;
      Cases.check("Neg/Abs " + t, b, Map.of("x", Tensor.ofLongs(t, SHAPE, x)));
    }
  }

  /** int8 and uint8 sums past their range wrap. */
  @Test
  void int8AndUint8AddWrap() {
    for (DataType t : new DataType[] {DataType.INT8, DataType.UINT8}) {
      SplittableRandom rnd = Cases.rnd("add-" + t, 1);
      OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", t.onnxCode(), dims(SHAPE))
          .typedInput("b", t.onnxCode(), dims(SHAPE)).node("Add", names("a", "b"), names("y"))
          .output("y", t.onnxCode());
      Cases.check("Add " + t, b, Map.of("a", full(rnd, t), "b", full(rnd, t)));
    }
  }

  /** A fused Mul then Add chain wraps after each step, as the reference's separate ops do. */
  @Test
  void fusedInt32ChainWrapsEachStep() {
    SplittableRandom rnd = Cases.rnd("int32-chain", 1);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("a", INT32, dims(SHAPE))
        .typedInput("b", INT32, dims(SHAPE)).typedInput("c", INT32, dims(SHAPE))
        .node("Mul", names("a", "b"), names("p")).node("Add", names("p", "c"), names("y")).output("y", INT32);
    Cases.check("Mul+Add int32", b, Map.of("a", full(rnd, DataType.INT32), "b", full(rnd, DataType.INT32),
        "c", full(rnd, DataType.INT32)));
  }

  /** An int32 ReduceSum over large values overflows and wraps; ReduceMax starts at int32's minimum. */
  @Test
  void int32ReductionsWrap() {
    SplittableRandom rnd = Cases.rnd("int32-reduce", 1);
    OnnxModelBuilder b = new OnnxModelBuilder().opset(18).typedInput("x", INT32, dims(SHAPE))
        .initializerLongs("axes", new long[] {1}, 1)
        .node("ReduceSum", names("x", "axes"), names("s")).node("ReduceMax", names("x", "axes"), names("m"))
        .output("s", INT32).output("m", INT32);
    Cases.check("ReduceSum/ReduceMax int32", b, Map.of("x", full(rnd, DataType.INT32)));
  }

  /** Uniform values over the whole range of an integer type. */
  private static Tensor full(SplittableRandom rnd, DataType t) {
    long lo = switch (t) {
      case INT32 -> Integer.MIN_VALUE;
      case INT8 -> Byte.MIN_VALUE;
      default -> 0;
    };
    long hi = switch (t) {
      case INT32 -> Integer.MAX_VALUE;
      case INT8 -> Byte.MAX_VALUE;
      default -> 255;
    };
    return RandomTensors.ints(rnd, t, lo, hi, SHAPE);
  }
}
