package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transpose, Concat, Split, Reshape, Flatten, Squeeze, Unsqueeze against ONNX Runtime. */
class LayoutOpsTest {
  static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void transpose(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 6);
    int[] shape = RandomShapes.between(rnd, rank, 1, 5);
    List<Long> perm = new ArrayList<>();
    for (long i = 0; i < rank; i++) {
      perm.add(i);
    }
    java.util.Collections.shuffle(perm, new java.util.Random(seed));
    OnnxModelBuilder b = model().input("x", dims(shape));
    if (seed % 3 == 0) {
      b.node("Transpose", names("x"), names("y"));
    } else {
      b.node("Transpose", names("x"), names("y"),
          attrInts("perm", perm.stream().mapToLong(Long::longValue).toArray()));
    }
    b.untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "transpose seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void concat(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int axis = rnd.nextInt(rank);
    int n = rnd.nextInt(1, 5);
    OnnxModelBuilder b = model();
    List<String> ins = new ArrayList<>();
    Object[] feeds = new Object[2 * n];
    int[] base = RandomShapes.between(rnd, rank, 1, 4);
    for (int i = 0; i < n; i++) {
      int[] s = base.clone();
      s[axis] = rnd.nextInt(1, 5);
      b.input("x" + i, dims(s));
      ins.add("x" + i);
      feeds[2 * i] = "x" + i;
      feeds[2 * i + 1] = RandomTensors.normal(rnd, s);
    }
    long axisAttr = rnd.nextBoolean() ? axis : axis - rank;
    b.node("Concat", ins, names("y"), attr("axis", axisAttr)).untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs(feeds), "concat seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void split(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int axis = rnd.nextInt(rank);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    int outputs = rnd.nextInt(1, 4);
    OnnxModelBuilder b = model().input("x", dims(shape));
    List<String> outs = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      outs.add("y" + i);
    }
    long axisAttr = rnd.nextBoolean() ? axis : axis - rank;
    switch ((int) (seed % 3)) {
      case 0 -> { // explicit sizes, zeros allowed
        long[] sizes = new long[outputs];
        shape[axis] = 0;
        for (int i = 0; i < outputs; i++) {
          sizes[i] = rnd.nextInt(0, 4);
          shape[axis] += (int) sizes[i];
        }
        if (shape[axis] == 0) {
          sizes[0] = 1;
          shape[axis] = 1;
        }
        b = model().input("x", dims(shape)).initializerLongs("split", sizes, outputs);
        b.node("Split", names("x", "split"), outs, attr("axis", axisAttr));
      }
      case 1 -> { // num_outputs, possibly uneven
        shape[axis] = outputs + rnd.nextInt(0, 2 * outputs + 1);
        if ((shape[axis] + outputs - 1) / outputs * (outputs - 1) >= shape[axis] + 1) {
          shape[axis] = outputs * 2;
        }
        b = model().input("x", dims(shape));
        b.node("Split", names("x"), outs, attr("axis", axisAttr), attr("num_outputs", (long) outputs));
      }
      default -> { // neither (opset 13 form): equal parts
        shape[axis] = outputs * rnd.nextInt(1, 4);
        b = model().opset(13).input("x", dims(shape));
        b.node("Split", names("x"), outs, attr("axis", axisAttr));
      }
    }
    for (String o : outs) {
      b.untypedOutputs(o);
    }
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "split seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void reshape(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    // regroup adjacent input dims, then hide one group behind -1 and copy a leading one with 0
    List<Long> target = new ArrayList<>();
    int i = 0;
    while (i < rank) {
      int take = Math.min(rank - i, rnd.nextInt(1, 3));
      long prod = 1;
      for (int k = 0; k < take; k++) {
        prod *= shape[i + k];
      }
      if (take == 1 && rnd.nextInt(3) == 0) {
        target.add(1L); // an inserted unit dim
      }
      target.add(prod);
      i += take;
    }
    long[] t = target.stream().mapToLong(Long::longValue).toArray();
    t[rnd.nextInt(t.length)] = -1;
    if (t[0] == shape[0] && rnd.nextBoolean()) {
      t[0] = 0;
    }
    boolean allowZero = seed % 4 == 0 && t[0] != 0;
    OnnxModelBuilder b = model().input("x", dims(shape)).initializerLongs("shape", t, t.length);
    if (allowZero) {
      b.node("Reshape", names("x", "shape"), names("y"), attr("allowzero", 1L));
    } else {
      b.node("Reshape", names("x", "shape"), names("y"));
    }
    b.untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "reshape seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void flatten(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 4);
    long axis = rnd.nextInt(-rank, rank + 1);
    byte[] m = model().input("x", dims(shape))
        .node("Flatten", names("x"), names("y"), attr("axis", axis)).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(rnd, shape)), "flatten seed " + seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void squeezeUnsqueeze(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 3);
    shape[rnd.nextInt(rank)] = 1;
    List<Long> ones = new ArrayList<>();
    int allOnes = 0;
    for (int k = 0; k < rank; k++) {
      allOnes += shape[k] == 1 ? 1 : 0;
      if (shape[k] == 1 && (ones.isEmpty() || rnd.nextBoolean())) {
        ones.add(rnd.nextBoolean() ? k : (long) k - rank);
      }
    }
    boolean all = seed % 2 == 0;
    int squeezedRank = rank - (all ? allOnes : ones.size());
    int extra = rnd.nextInt(1, 3);
    long[] unsq = new long[extra];
    List<Long> slots = new ArrayList<>();
    for (long k = 0; k < squeezedRank + extra; k++) {
      slots.add(k);
    }
    java.util.Collections.shuffle(slots, new java.util.Random(seed));
    for (int k = 0; k < extra; k++) {
      unsq[k] = rnd.nextBoolean() ? slots.get(k) : slots.get(k) - squeezedRank - extra;
    }
    OnnxModelBuilder b = model().input("x", dims(shape)).initializerLongs("ua", unsq, extra);
    if (all) {
      b.node("Squeeze", names("x"), names("s"));
    } else {
      long[] sq = ones.stream().mapToLong(Long::longValue).toArray();
      b.initializerLongs("sa", sq, sq.length).node("Squeeze", names("x", "sa"), names("s"));
    }
    b.node("Unsqueeze", names("s", "ua"), names("y")).untypedOutputs("s", "y");
    Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)), "squeeze seed " + seed);
  }

  /** An empty axes list is given, so nothing is squeezed (as ONNX shape inference reads it). */
  @org.junit.jupiter.api.Test
  void squeezeWithEmptyAxesKeepsUnitDims() {
    cnnx.compiler.ir.Graph g = Harness.load(model().input("x", 1L, 3, 1)
        .initializerLongs("a", new long[0], 0).node("Squeeze", names("x", "a"), names("y")).untypedOutputs("y").toBytes(), "squeeze");
    cnnx.compiler.ir.Tensor y = new cnnx.compiler.interp.ReferenceInterpreter()
        .run(g, Harness.inputs("x", RandomTensors.normal(new SplittableRandom(1), 1, 3, 1))).get("y");
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 3, 1}, y.shape());
    org.junit.jupiter.api.Assertions.assertEquals(cnnx.compiler.ir.TensorType.of(cnnx.compiler.ir.DataType.FLOAT, 1, 3, 1),
        InferredTypes.inferFolding(g).get("y"));
  }
}
