package cnnx.compiler.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToleranceClassesTest {
  private static ToleranceClass of(String op) {
    return OpRegistry.standard().find(op).orElseThrow(() -> new AssertionError(op + " not registered"))
        .toleranceClass();
  }

  @Test
  void everyRegisteredOpHasAClass() {
    for (OpDef op : OpRegistry.standard().all().values()) {
      assertNotNull(op.toleranceClass(), op.opType());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Conv", "ConvTranspose", "Gemm", "MatMul", "AveragePool", "GlobalAveragePool",
      "LpPool", "ReduceMean", "ReduceSum", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSumExp",
      "ReduceProd", "Softmax", "LogSoftmax", "LRN", "InstanceNormalization", "BatchNormalization", "Resize",
      "Sum", "Mean"})
  void opsThatSumAreAccumulating(String op) {
    assertEquals(ToleranceClass.ACCUMULATING, of(op));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Exp", "Log", "Sigmoid", "Tanh", "Elu", "Selu", "Softplus", "Erf", "Pow", "Sqrt",
      "HardSigmoid", "HardSwish", "Reciprocal", "Div", "Softsign"})
  void builtinMathIsTranscendental(String op) {
    assertEquals(ToleranceClass.TRANSCENDENTAL, of(op));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Relu", "LeakyRelu", "Neg", "Abs", "Floor", "Ceil", "Not", "Add", "Sub", "Mul", "Max",
      "Min", "MaxPool", "GlobalMaxPool", "ReduceMax", "ReduceMin", "Hardmax", "MaxUnpool", "Clip", "Cast",
      "Transpose", "Concat", "Reshape", "Where", "Equal", "PRelu", "Identity"})
  void exactOpsAreExact(String op) {
    assertEquals(ToleranceClass.EXACT, of(op));
  }

  @Test
  void theLoosestOpOfALaunchWins() {
    assertEquals(ToleranceClass.EXACT, ToleranceClasses.forOps(List.of()));
    assertEquals(ToleranceClass.EXACT, ToleranceClasses.forOps(List.of("Relu", "Add", "not-an-op")));
    assertEquals(ToleranceClass.TRANSCENDENTAL, ToleranceClasses.forOps(List.of("Relu", "Sigmoid")));
    assertEquals(ToleranceClass.ACCUMULATING, ToleranceClasses.forOps(List.of("Sigmoid", "Conv", "Relu")));
  }

  @Test
  void classesKeepTheirTolerances() {
    assertEquals(new Tolerance(1e-5, 1e-6), ToleranceClass.EXACT.tolerance());
    assertEquals(new Tolerance(1e-4, 1e-5), ToleranceClass.TRANSCENDENTAL.tolerance());
    assertEquals(new Tolerance(1e-3, 1e-4), ToleranceClass.ACCUMULATING.tolerance());
  }
}
