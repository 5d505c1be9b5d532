package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Type inference where sizes are not compile-time constants: steering inputs fed at run time give
 * the right rank with unknown dims, and a symbolic batch dim is carried through where it survives.
 */
class InferenceTest {
  private static final int I64 = TensorProto.DataType.INT64_VALUE;
  private static final Dim N = Dim.symbol("N");
  private static final Dim U = Dim.unknown();

  private static OnnxModelBuilder model() {
    return LayoutOpsTest.model();
  }

  private static Map<String, TensorType> types(OnnxModelBuilder b, String... outputs) {
    Graph g = Harness.load(b.untypedOutputs(outputs).toBytes(), "inference");
    return InferredTypes.inferFolding(g);
  }

  private static List<Dim> dims(Object... d) {
    return java.util.Arrays.stream(d).map(o -> o instanceof Dim x ? x : Dim.of((Integer) o)).toList();
  }

  /** Steering inputs given at run time: ONNX Runtime agrees, and inference knows the ranks. */
  @Test
  void runtimeSteeringInputs() {
    SplittableRandom rnd = new SplittableRandom(42);
    OnnxModelBuilder b = model().input("x", 2L, 3, 4)
        .typedInput("reps", I64, 3).typedInput("eshape", I64, 4).typedInput("pads", I64, 6).typedInput("sizes", I64, 3)
        .typedInput("split", I64, 2).typedInput("uaxes", I64, 1)
        .node("Tile", names("x", "reps"), names("tile"))
        .node("Expand", names("x", "eshape"), names("expand"))
        .node("Pad", names("x", "pads"), names("pad"))
        .node("Resize", names("x", "", "", "sizes"), names("resize"))
        .node("Split", names("x", "split"), names("s0", "s1"), attr("axis", 2L))
        .node("Unsqueeze", names("x", "uaxes"), names("unsq"));
    Map<String, TensorType> t = types(b, "tile", "expand", "pad", "resize", "s0", "s1", "unsq");
    assertEquals(dims(U, U, U), t.get("tile").dims());
    assertEquals(dims(U, U, U, U), t.get("expand").dims());
    assertEquals(dims(U, U, U), t.get("pad").dims());
    assertEquals(dims(U, U, U), t.get("resize").dims());
    assertEquals(dims(2, 3, U), t.get("s0").dims());
    assertEquals(dims(U, U, U, U), t.get("unsq").dims());
    Harness.check(b.toBytes(), Harness.inputs(
        "x", RandomTensors.normal(rnd, 2, 3, 4),
        "reps", Tensor.vector(1, 2, 3),
        "eshape", Tensor.vector(2, 1, 3, 1),
        "pads", Tensor.vector(0, 1, 2, 1, 0, -1),
        "sizes", Tensor.vector(2, 5, 3),
        "split", Tensor.vector(1, 3),
        "uaxes", Tensor.vector(-1)), "runtime steering");
  }

  /** A symbolic batch survives ops that leave its axis alone. */
  @Test
  void symbolicBatch() {
    SplittableRandom rnd = new SplittableRandom(43);
    OnnxModelBuilder b = model().input("x", -1L, 4, 6, 6)
        .initializerLongs("st", new long[] {0, 1}, 2).initializerLongs("en", new long[] {Long.MAX_VALUE, 5}, 2)
        .initializerLongs("ax", new long[] {0, 2}, 2)
        .initializerLongs("pads", new long[] {0, 0, 1, 2, 0, 0, 3, 0}, 8)
        .initializer("scales", new float[] {1, 1, 0.5f, 2}, 4)
        .initializerLongs("reps", new long[] {1, 2, 1, 1}, 4)
        .initializerLongs("eshape", new long[] {1, 1, 1, 6}, 4)
        .initializerLongs("idx", new long[] {3, 0}, 2)
        .node("Slice", names("x", "st", "en", "ax"), names("slice"))
        .node("Pad", names("x", "pads"), names("pad"))
        .node("Resize", names("x", "", "scales"), names("resize"), attr("mode", "linear"))
        .node("Tile", names("x", "reps"), names("tile"))
        .node("Expand", names("x", "eshape"), names("expand"))
        .node("Gather", names("x", "idx"), names("gather"), attr("axis", 1L))
        .node("Split", names("x"), names("s0", "s1"), attr("axis", 1L), attr("num_outputs", 2L))
        .node("DepthToSpace", names("x"), names("d2s"), attr("blocksize", 2L))
        .node("Shape", names("x"), names("shape"), attr("start", 1L));
    Map<String, TensorType> t = types(b, "slice", "pad", "resize", "tile", "expand", "gather", "s0", "s1", "d2s",
        "shape");
    assertEquals(dims(N, 4, 4, 6), t.get("slice").dims());
    assertEquals(dims(N, 4, 10, 8), t.get("pad").dims());
    assertEquals(dims(N, 4, 3, 12), t.get("resize").dims());
    assertEquals(dims(N, 8, 6, 6), t.get("tile").dims());
    assertEquals(dims(N, 4, 6, 6), t.get("expand").dims());
    assertEquals(dims(N, 2, 6, 6), t.get("gather").dims());
    assertEquals(dims(N, 2, 6, 6), t.get("s1").dims());
    assertEquals(dims(N, 1, 12, 12), t.get("d2s").dims());
    assertEquals(new TensorType(DataType.INT64, dims(3)), t.get("shape"));
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, 3, 4, 6, 6)), "symbolic batch");
  }

  /** Reshape's -1 recovers a symbolic dim when the known sizes cancel. */
  @Test
  void reshapeRecoversSymbol() {
    OnnxModelBuilder b = model().input("x", -1L, 3, 4)
        .initializerLongs("s1", new long[] {-1, 12}, 2)
        .initializerLongs("s2", new long[] {4, -1}, 2)
        .node("Reshape", names("x", "s1"), names("a"))
        .node("Reshape", names("x", "s2"), names("b"));
    Map<String, TensorType> t = types(b, "a", "b");
    assertEquals(dims(N, 12), t.get("a").dims());
    assertEquals(dims(4, U), t.get("b").dims());
  }
}
