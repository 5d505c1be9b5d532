package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shape, ConstantOfShape, Range and the int64 shape subgraphs exporters build, against ONNX Runtime. */
class ShapeOpsTest {
  static OnnxModelBuilder model() {
    return LayoutOpsTest.model();
  }

  /** Shape → Gather → Unsqueeze → Concat → Reshape, plus Slice and Squeeze on the shape vector. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void exporterShapeChain(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(2, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    int keep = rnd.nextInt(1, rank);
    OnnxModelBuilder b = model().input("x", dims(shape))
        .initializerLongs("i0", new long[] {0})
        .initializerLongs("ax0", new long[] {0}, 1)
        .initializerLongs("minus1", new long[] {-1}, 1)
        .initializerLongs("s0", new long[] {1}, 1)
        .initializerLongs("e0", new long[] {keep}, 1)
        .node("Shape", names("x"), names("shape"))
        .node("Gather", names("shape", "i0"), names("n"), attr("axis", 0L))
        .node("Unsqueeze", names("n", "ax0"), names("n1"))
        .node("Slice", names("shape", "s0", "e0"), names("mid"))
        .node("Concat", names("n1", "mid", "minus1"), names("target"), attr("axis", 0L))
        .node("Reshape", names("x", "target"), names("y"))
        .node("Squeeze", names("n1", "ax0"), names("n0"))
        .node("Shape", names("y"), names("tail"), attr("start", -2L), attr("end", (long) 7));
    b.untypedOutputs("y", "target", "n0", "tail");
    Map<String, Tensor> out = Harness.check(b.toBytes(),
        Harness.inputs("x", RandomTensors.normal(rnd, shape)), "shape chain seed " + seed);
    assertEquals(shape[0], out.get("n0").longs()[0]);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void shapeStartEnd(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(0, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    OnnxModelBuilder b = model().input("x", dims(shape));
    long start = rnd.nextLong(-rank - 2, rank + 3);
    long end = rnd.nextLong(-rank - 2, rank + 3);
    if (seed % 3 == 0) {
      b.node("Shape", names("x"), names("y"));
    } else {
      b.node("Shape", names("x"), names("y"), attr("start", start), attr("end", end));
    }
    b.untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "shape seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void constantOfShape(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(0, 4);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    OnnxModelBuilder b = model().input("x", dims(shape)).node("Shape", names("x"), names("s"));
    switch ((int) (seed % 3)) {
      case 0 -> b.node("ConstantOfShape", names("s"), names("y"));
      case 1 -> b.node("ConstantOfShape", names("s"), names("y"), attr("value",
          OnnxModelBuilder.floatTensor("v", new float[] {(float) rnd.nextDouble(-5, 5)}, 1)));
      default -> b.node("ConstantOfShape", names("s"), names("y"), attr("value",
          OnnxModelBuilder.longTensor("v", new long[] {rnd.nextLong(-9, 10)}, 1)));
    }
    b.untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "constant-of-shape seed " + seed);
  }

  /** A dims vector as a run-time int64 input: only the output rank is known at compile time. */
  @Test
  void constantOfShapeFromRuntimeInput() {
    byte[] m = model().typedInput("s", TensorProto.DataType.INT64_VALUE, 3)
        .node("ConstantOfShape", names("s"), names("y")).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("s", Tensor.vector(2, 0, 3)), "constant-of-shape runtime");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void range(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean ints = seed % 2 == 0;
    OnnxModelBuilder b = model();
    if (ints) {
      long delta = rnd.nextBoolean() ? rnd.nextLong(1, 4) : -rnd.nextLong(1, 4);
      b.initializerLongs("start", new long[] {rnd.nextLong(-10, 10)})
          .initializerLongs("limit", new long[] {rnd.nextLong(-10, 10)})
          .initializerLongs("delta", new long[] {delta});
    } else {
      float delta = (float) (rnd.nextBoolean() ? rnd.nextDouble(0.1, 2) : -rnd.nextDouble(0.1, 2));
      b.initializer("start", new float[] {(float) rnd.nextDouble(-5, 5)})
          .initializer("limit", new float[] {(float) rnd.nextDouble(-5, 5)})
          .initializer("delta", new float[] {delta});
    }
    b.node("Range", names("start", "limit", "delta"), names("y"));
    b.untypedOutputs("y");
    Harness.check(b.toBytes(), Map.of(), "range seed " + seed);
  }

  /** Range whose limit comes from a Shape (as in position-index subgraphs), fed at run time. */
  @Test
  void rangeOverShapeDim() {
    byte[] m = model().input("x", 2L, 5)
        .initializerLongs("i1", new long[] {1})
        .initializerLongs("zero", new long[] {0})
        .initializerLongs("one", new long[] {1})
        .node("Shape", names("x"), names("s"))
        .node("Gather", names("s", "i1"), names("w"))
        .node("Range", names("zero", "w", "one"), names("y")).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(new SplittableRandom(3), 2, 5)), "range over dim");
  }

  /** A symbolic batch flows through Reshape [0, -1], Flatten, Transpose and Concat. */
  @Test
  void symbolicBatchPropagates() {
    byte[] m = model().input("x", -1L, 3, 2, 2)
        .initializerLongs("shape", new long[] {0, -1}, 2)
        .node("Reshape", names("x", "shape"), names("r"))
        .node("Flatten", names("x"), names("f"), attr("axis", 1L))
        .node("Transpose", names("x"), names("t"))
        .node("Concat", names("r", "f"), names("c"), attr("axis", 1L)).untypedOutputs("r", "f", "t", "c").toBytes();
    Graph g = Harness.load(m, "symbolic");
    Map<String, TensorType> types = InferredTypes.inferFolding(g);
    Dim n = Dim.symbol("N");
    assertEquals(List.of(n, Dim.of(12)), types.get("r").dims());
    assertEquals(List.of(n, Dim.of(12)), types.get("f").dims());
    assertEquals(List.of(Dim.of(2), Dim.of(2), Dim.of(3), n), types.get("t").dims());
    assertEquals(List.of(n, Dim.of(24)), types.get("c").dims());
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(new SplittableRandom(5), 3, 3, 2, 2)), "symbolic");
  }

  /** With the shape vector unknown at compile time, Reshape still knows the output rank. */
  @Test
  void runtimeShapeGivesRankOnly() {
    byte[] m = model().input("x", -1L, 3, 4)
        .initializerLongs("i0", new long[] {0})
        .initializerLongs("ax0", new long[] {0}, 1)
        .initializerLongs("rest", new long[] {-1}, 1)
        .node("Shape", names("x"), names("s"))
        .node("Gather", names("s", "i0"), names("n"))
        .node("Unsqueeze", names("n", "ax0"), names("n1"))
        .node("Concat", names("n1", "rest"), names("target"), attr("axis", 0L))
        .node("Reshape", names("x", "target"), names("y")).untypedOutputs("y").toBytes();
    Graph g = Harness.load(m, "runtime shape");
    Map<String, TensorType> types = InferredTypes.inferFolding(g);
    assertEquals(List.of(Dim.of(2)), types.get("target").dims());
    assertEquals(List.of(Dim.unknown(), Dim.unknown()), types.get("y").dims());
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(new SplittableRandom(5), 2, 3, 4)), "runtime shape");
  }
}
