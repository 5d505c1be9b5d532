package cnnx.compiler.ops.elementwise;

import static cnnx.compiler.ops.elementwise.OracleHarness.FLOAT;
import static cnnx.compiler.ops.elementwise.OracleHarness.INT64;
import static cnnx.compiler.ops.elementwise.TypeContext.f;
import static cnnx.compiler.ops.elementwise.TypeContext.type;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.ModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Invalid nodes fail with a typed error that names the node and the problem. */
class InvalidElementwiseTest {
  private static void invalid(String expectedText, Supplier<Object> action) {
    expect(InvalidModelException.class, expectedText, action);
  }

  private static void expect(Class<? extends ModelException> kind, String expectedText, Supplier<Object> action) {
    ModelException e = assertThrows(kind, action::get);
    assertTrue(e.getMessage().contains("node 'n'") && e.getMessage().contains(expectedText), e.getMessage());
  }

  @Test
  void shapesThatCannotBroadcast() {
    invalid("cannot be broadcast", () -> TypeContext.of("Add").in(f(2, 3)).in(f(4)).infer());
    invalid("cannot be broadcast", () -> TypeContext.of("Mul").in(f("N", 3)).in(f(2, 1, 4)).infer());
    invalid("cannot be broadcast", () -> TypeContext.of("Where").in(type(DataType.BOOL, 5)).in(f(3)).in(f(1)).infer());
    invalid("cannot be broadcast", () -> TypeContext.of("Max").in(f(2)).in(f(2)).in(f(3)).infer());
    invalid("slope", () -> TypeContext.of("PRelu").in(f(2, 3)).in(f(4)).infer());
    invalid("slope", () -> TypeContext.of("PRelu").in(f(3)).in(f(1, 3)).infer());
  }

  @Test
  void badAxes() {
    invalid("axis 2 is out of range", () -> TypeContext.of("Softmax", Attribute.ofInt("axis", 2)).in(f(2, 3)).infer());
    invalid("axis -3 is out of range",
        () -> TypeContext.of("LogSoftmax", Attribute.ofInt("axis", -3)).in(f(2, 3)).infer());
    invalid("out of range", () -> TypeContext.of("Hardmax").in(f()).infer());
    invalid("axis 3 is out of range", () -> TypeContext.of("ReduceSum").in(f(1, 2, 3)).constant(Tensor.vector(3)).infer());
    invalid("given twice", () -> TypeContext.of("ReduceMean").in(f(1, 2, 3)).constant(Tensor.vector(1, -2)).infer());
    invalid("axes has element type FLOAT",
        () -> TypeContext.of("ReduceMax").in(f(2, 3)).constant(Tensor.ofFloats(new int[] {1}, new float[] {1})).infer());
    invalid("axes must be 1-D", () -> TypeContext.of("ReduceMin").in(f(2, 3)).in(type(DataType.INT64, 1, 1)).infer());
    invalid("'keepdims' must be 0 or 1", () -> TypeContext.of("ReduceL1", Attribute.ofInt("keepdims", 2)).in(f(2)).infer());
  }

  @Test
  void badElementTypesAndInputs() {
    invalid("different element types", () -> TypeContext.of("Add").in(f(2)).in(type(DataType.INT64, 2)).infer());
    invalid("has element type INT64", () -> TypeContext.of("Sigmoid").in(type(DataType.INT64, 2)).infer());
    invalid("has element type INT64", () -> TypeContext.of("Sum").in(type(DataType.INT64, 2)).infer());
    invalid("has element type FLOAT", () -> TypeContext.of("Not").in(f(2)).infer());
    invalid("condition", () -> TypeContext.of("Where").in(f(2)).in(f(2)).in(f(2)).infer());
    invalid("min must be a scalar", () -> TypeContext.of("Clip").in(f(4)).in(f(2)).infer());
    invalid("expected 1 input, found 2", () -> TypeContext.of("Relu").in(f(2)).in(f(2)).infer());
    invalid("expected 1 input, found 0", () -> TypeContext.of("Max").infer());
    invalid("input 0 is required", () -> TypeContext.of("Clip").absent().in(f()).infer());
    invalid("attribute 'to' is required", () -> TypeContext.of("Cast").in(f(2)).infer());
    expect(UnsupportedModelException.class, "INT64",
        () -> TypeContext.of("Erf").in(type(DataType.INT64, 2)).infer());
    expect(UnsupportedModelException.class, "INT64",
        () -> TypeContext.of("ReduceL2").in(type(DataType.INT64, 2)).infer());
  }

  /** Through the importer and interpreter: the failure names the model's node. */
  @Test
  void interpreterReportsTheNode() {
    OnnxModelBuilder m = new OnnxModelBuilder().opset(21).typedInput("a", FLOAT, 2, 3).typedInput("b", FLOAT, 4)
        .node("Add", names("a", "b"), names("y"));
    byte[] model = m.rankedOutput("y", 2).toBytes();
    var e = assertThrows(InvalidModelException.class, () -> OracleRun.reference(model,
        Map.of("a", Tensor.zeros(DataType.FLOAT, new int[] {2, 3}), "b", Tensor.zeros(DataType.FLOAT, new int[] {4}))));
    assertTrue(e.getMessage().contains("Add node 'add_0'") && e.getMessage().contains("broadcast"), e.getMessage());

    OnnxModelBuilder s = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, 2, 3)
        .node("Softmax", names("x"), names("y"), attr("axis", 2L));
    byte[] softmax = s.rankedOutput("y", 2).toBytes();
    e = assertThrows(InvalidModelException.class,
        () -> OracleRun.reference(softmax, Map.of("x", Tensor.zeros(DataType.FLOAT, new int[] {2, 3}))));
    assertTrue(e.getMessage().contains("Softmax node 'softmax_0'") && e.getMessage().contains("axis 2"), e.getMessage());

    OnnxModelBuilder r = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, 2, 3).typedInput("axes", INT64, 1)
        .node("ReduceMean", names("x", "axes"), names("y"));
    byte[] reduce = r.rankedOutput("y", 2).toBytes();
    e = assertThrows(InvalidModelException.class, () -> OracleRun.reference(reduce,
        Map.of("x", Tensor.zeros(DataType.FLOAT, new int[] {2, 3}), "axes", Tensor.vector(-3))));
    assertTrue(e.getMessage().contains("ReduceMean node 'reducemean_0'") && e.getMessage().contains("axis -3"),
        e.getMessage());

    OnnxModelBuilder d = new OnnxModelBuilder().opset(21).typedInput("a", INT64, 2).typedInput("b", INT64, 2)
        .node("Div", names("a", "b"), names("y"));
    byte[] div = d.rankedOutput("y", 1, INT64).toBytes();
    e = assertThrows(InvalidModelException.class,
        () -> OracleRun.reference(div, Map.of("a", Tensor.vector(4, 5), "b", Tensor.vector(2, 0))));
    assertTrue(e.getMessage().contains("Div node 'div_0'") && e.getMessage().contains("by zero"), e.getMessage());
  }
}
