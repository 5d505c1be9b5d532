package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.TypeContext.f;
import static cnnx.compiler.ops.elementwise.TypeContext.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output types, including symbolic batch dims and axes known only at run time. */
class ElementwiseInferenceTest {
  @Test
  void everyOpIsRegistered() {
    for (String op : List.of("Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
        "Softplus", "Softsign", "Clip", "Neg", "Abs", "Sqrt", "Exp", "Log", "Reciprocal", "Floor", "Ceil", "Erf",
        "Identity", "Cast", "Not", "PRelu", "Add", "Sub", "Mul", "Div", "Pow", "Equal", "Less", "Greater",
        "LessOrEqual", "GreaterOrEqual", "Where", "Max", "Min", "Sum", "Mean", "Softmax", "LogSoftmax", "Hardmax",
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
        "ReduceSumSquare", "ReduceLogSumExp")) {
      assertTrue(OpRegistry.standard().supports(op), op);
    }
    assertEquals(OpCategory.ELEMENTWISE, OpRegistry.standard().find("Relu").orElseThrow().category());
    assertEquals(OpCategory.BROADCAST, OpRegistry.standard().find("Add").orElseThrow().category());
    assertEquals(OpCategory.REDUCE, OpRegistry.standard().find("ReduceMean").orElseThrow().category());
  }

  @Test
  void unaryKeepsTheSymbolicType() {
    assertEquals(f("N", 3, 5), TypeContext.of("Relu").in(f("N", 3, 5)).infer());
    assertEquals(f("N", "?"), TypeContext.of("LeakyRelu", Attribute.ofFloat("alpha", 0.2f)).in(f("N", "?")).infer());
    assertEquals(type(DataType.INT64, "N"), TypeContext.of("Abs").in(type(DataType.INT64, "N")).infer());
    assertEquals(f(), TypeContext.of("Identity").in(f()).infer());
  }

  @Test
  void broadcastingOpsPropagateSymbols() {
    assertEquals(f("N", 3, 4), TypeContext.of("Add").in(f("N", 3, 1)).in(f(1, 4)).infer());
    assertEquals(type(DataType.BOOL, "N", 3), TypeContext.of("Less").in(f("N", 1)).in(f(3)).infer());
    assertEquals(f("N", 3), TypeContext.of("Where").in(type(DataType.BOOL, "N", 1)).in(f(3)).in(f()).infer());
    assertEquals(f("N", 2, 3), TypeContext.of("Sum").in(f(3)).in(f("N", 1, 1)).in(f(2, 1)).infer());
    assertEquals(f("N", 2), TypeContext.of("Pow").in(f("N", 2)).in(type(DataType.INT64)).infer());
    assertEquals(f("N", 8, 5, 5), TypeContext.of("PRelu").in(f("N", 8, 5, 5)).in(f(8, 1, 1)).infer());
  }

  @Test
  void castAndClip() {
    assertEquals(type(DataType.INT32, "N", 2),
        TypeContext.of("Cast", Attribute.ofInt("to", 6)).in(f("N", 2)).infer());
    assertEquals(f("N"), TypeContext.of("Clip").in(f("N")).absent().in(f()).infer());
    assertEquals(f("N"), TypeContext.of("Clip").in(f("N")).in(f(1)).infer());
  }

  @Test
  void softmaxKeepsTheType() {
    assertEquals(f("N", 10), TypeContext.of("Softmax").in(f("N", 10)).infer());
    assertEquals(f("N", 10), TypeContext.of("Hardmax", Attribute.ofInt("axis", 0)).in(f("N", 10)).infer());
  }

  @Test
  void reductionsWithConstantAxes() {
    Tensor axis1 = Tensor.vector(1);
    assertEquals(f("N", 1, 5), TypeContext.of("ReduceMean").in(f("N", 3, 5)).constant(axis1).infer());
    assertEquals(f("N", 5), TypeContext.of("ReduceSum", Attribute.ofInt("keepdims", 0))
        .in(f("N", 3, 5)).constant(axis1).infer());
    assertEquals(f("N", 1, 1), TypeContext.of("ReduceMax").in(f("N", 3, 5)).constant(Tensor.vector(-1, -2)).infer());
    assertEquals(f(1, 1, 1), TypeContext.of("ReduceL2").in(f("N", 3, 5)).infer());
    assertEquals(f(), TypeContext.of("ReduceL1", Attribute.ofInt("keepdims", 0)).in(f("N", 3, 5)).infer());
    assertEquals(f("N", 3, 5), TypeContext.of("ReduceProd", Attribute.ofInt("noop_with_empty_axes", 1))
        .in(f("N", 3, 5)).constant(Tensor.vector()).infer());
    assertEquals(f(), TypeContext.of("ReduceLogSumExp").in(f()).infer());
  }

  @Test
  void reductionsWithRuntimeAxes() {
    assertEquals(f("?", 1, "?"), TypeContext.of("ReduceMean").in(f("N", 1, 5)).in(type(DataType.INT64, 1)).infer());
    assertEquals(f("?"), TypeContext.of("ReduceMean", Attribute.ofInt("keepdims", 0))
        .in(f("N", 1, 5)).in(type(DataType.INT64, 2)).infer());
    assertEquals(f(), TypeContext.of("ReduceMean", Attribute.ofInt("keepdims", 0))
        .in(f("N", 1, 5)).in(type(DataType.INT64, 0)).infer());
    assertEquals(f("N", 1, 5), TypeContext.of("ReduceMean", Attribute.ofInt("noop_with_empty_axes", 1))
        .in(f("N", 1, 5)).in(type(DataType.INT64, 0)).infer());
    var e = assertThrows(UnsupportedModelException.class, () -> TypeContext.of("ReduceMean",
        Attribute.ofInt("keepdims", 0)).in(f("N", 1, 5)).in(type(DataType.INT64, "K")).infer());
    assertTrue(e.getMessage().contains("ReduceMean node 'n'"), e.getMessage());
  }
}
