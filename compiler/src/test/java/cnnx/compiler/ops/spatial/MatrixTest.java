package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gemm and MatMul against ONNX Runtime on seeded random shapes (tolerance: see {@link Harness}). */
class MatrixTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void gemmMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = rnd.nextInt(1, 9);
    int k = rnd.nextInt(1, 17);
    int n = rnd.nextInt(1, 11);
    boolean transA = rnd.nextBoolean();
    boolean transB = rnd.nextBoolean();
    // C: absent, scalar, [N], [1, N], [M, 1], [M, N] or [1, 1].
    int[][] cShapes = {null, {}, {n}, {1, n}, {m, 1}, {m, n}, {1, 1}};
    int[] cShape = cShapes[rnd.nextInt(cShapes.length)];
    float alpha = seed % 3 == 0 ? 1f : (float) rnd.nextDouble(-2, 2);
    float beta = seed % 4 == 0 ? 1f : (float) rnd.nextDouble(-2, 2);
    OnnxModelBuilder b = Harness.model();
    Tensor a = Harness.input(b, rnd, "a", transA ? new int[] {k, m} : new int[] {m, k});
    Harness.weight(b, rnd, "b", transB ? new int[] {n, k} : new int[] {k, n});
    List<String> in = names("a", "b");
    if (cShape != null) {
      Harness.weight(b, rnd, "c", cShape);
      in.add("c");
    }
    b.node("Gemm", in, names("y"), attr("alpha", alpha), attr("beta", beta), attr("transA", transA ? 1L : 0L),
        attr("transB", transB ? 1L : 0L));
    b.rankedOutput("y", 2);
    Harness.compare(b, Map.of("a", a), "Gemm " + m + "x" + k + "x" + n + (transA ? " transA" : "")
        + (transB ? " transB" : "") + " C " + Arrays.toString(cShape) + " alpha " + alpha + " beta " + beta);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void matMulMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = rnd.nextInt(1, 7);
    int k = rnd.nextInt(1, 13);
    int n = rnd.nextInt(1, 7);
    int batchRank = rnd.nextInt(0, 4);
    int[] batch = new int[batchRank];
    for (int i = 0; i < batchRank; i++) {
      batch[i] = rnd.nextInt(1, 4);
    }
    // Seeds 1, 3 mod 5: A is a vector; 2, 3 mod 5: B is a vector (3: a dot product).
    int[] aShape = seed % 5 == 1 || seed % 5 == 3 ? new int[] {k} : operand(rnd, batch, m, k);
    int[] bShape = seed % 5 == 2 || seed % 5 == 3 ? new int[] {k} : operand(rnd, batch, k, n);
    OnnxModelBuilder b = Harness.model();
    Tensor a = Harness.input(b, rnd, "a", aShape);
    Tensor bb = Harness.input(b, rnd, "b", bShape);
    b.node("MatMul", names("a", "b"), names("y"));
    int outRank = Math.max(Math.max(aShape.length, bShape.length), 2) - (aShape.length == 1 ? 1 : 0)
        - (bShape.length == 1 ? 1 : 0);
    b.rankedOutput("y", outRank);
    Harness.compare(b, Map.of("a", a, "b", bb), "MatMul " + Arrays.toString(aShape) + " x " + Arrays.toString(bShape));
  }

  /** A rows x cols matrix behind a random suffix of the batch dims, some of them set to 1. */
  private static int[] operand(SplittableRandom rnd, int[] batch, int rows, int cols) {
    int keep = rnd.nextInt(0, batch.length + 1);
    List<Integer> s = new ArrayList<>();
    for (int i = batch.length - keep; i < batch.length; i++) {
      s.add(rnd.nextInt(4) == 0 ? 1 : batch[i]);
    }
    s.add(rows);
    s.add(cols);
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void matMulBroadcastsSymbolicBatch() {
    OnnxModelBuilder b = Harness.model().input("a", -1L, 1L, 4L, 5L).input("b", 3L, 5L, 2L)
        .node("MatMul", names("a", "b"), names("y"));
    b.rankedOutput("y", 4);
    var g = new OnnxImporter().load(b.toBytes(), "sym");
    TensorType y = InferredTypes.infer(g).get("y");
    assertEquals(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(4), Dim.of(2)), y.dims());
    TensorType b2 = new TensorType(y.dtype(), List.of(Dim.unknown(), Dim.of(5), Dim.of(2)));
    TensorType y2 = InferredTypes.infer(InferredTypes.withInputType(g, "b", b2)).get("y");
    assertEquals(List.of(Dim.symbol("N"), Dim.unknown(), Dim.of(4), Dim.of(2)), y2.dims());
  }
}
