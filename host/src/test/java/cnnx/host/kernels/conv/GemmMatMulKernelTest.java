package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.testing.OpenClHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gemm templates against the reference interpreter: Gemm with every transA / transB, alpha,
 * beta and C broadcast shape (odd sizes on both sides of the vector widths), MatMul with batch
 * broadcast and 1-D operands. Tolerance: {@link Models}.
 */
class GemmMatMulKernelTest {
  /** C shapes for an M x N result: none, scalar, [1], [N], [M,1], [1,N], [M,N], [1,1]. */
  private static int[] cShape(int variant, int m, int n) {
    return switch (variant) {
      case 1 -> new int[0];
      case 2 -> new int[] {1};
      case 3 -> new int[] {n};
      case 4 -> new int[] {m, 1};
      case 5 -> new int[] {1, n};
      case 6 -> new int[] {m, n};
      case 7 -> new int[] {1, 1};
      default -> null;
    };
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomGemmMatchesReference(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = rnd.nextInt(1, 20);
    int n = rnd.nextInt(1, 40);
    int k = rnd.nextInt(1, 50);
    boolean transA = (seed & 1) != 0;
    boolean transB = (seed & 2) != 0;
    int[] c = cShape((int) (seed % 8), m, n);
    OnnxModelBuilder b = Models.model();
    Map<String, Tensor> feeds = new HashMap<>();
    feeds.put("a", Models.input(b, rnd, "a", transA ? new int[] {k, m} : new int[] {m, k}));
    // B as a weight (the fully connected case) or as a second input.
    int[] bShape = transB ? new int[] {n, k} : new int[] {k, n};
    if (rnd.nextBoolean()) {
      Models.weight(b, rnd, "b", bShape);
    } else {
      feeds.put("b", Models.input(b, rnd, "b", bShape));
    }
    List<String> in = names("a", "b");
    if (c != null) {
      Models.weight(b, rnd, "c", c);
      in.add("c");
    }
    float alpha = (float) rnd.nextDouble(-2, 2);
    float beta = (float) rnd.nextDouble(-2, 2);
    b.node("Gemm", in, names("y"), attr("alpha", alpha), attr("beta", beta), attr("transA", transA ? 1L : 0L),
        attr("transB", transB ? 1L : 0L)).output("y");
    OpenClHarness.assertMatchesReference(b.toBytes(), feeds, Models.RTOL, Models.ATOL);
  }

  /** Enough column blocks that each work-item walks several row blocks (both templates). */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void wideGemmWalksRowBlocks(boolean transB) {
    SplittableRandom rnd = new SplittableRandom(transB ? 5 : 6);
    int m = 19;
    int k = 21;
    int n = transB ? 130 : 1030;
    OnnxModelBuilder b = Models.model();
    Map<String, Tensor> feeds = Map.of("a", Models.input(b, rnd, "a", m, k));
    Models.weight(b, rnd, "b", transB ? new int[] {n, k} : new int[] {k, n});
    Models.weight(b, rnd, "c", n);
    b.node("Gemm", names("a", "b", "c"), names("y"), attr("transB", transB ? 1L : 0L), attr("alpha", 0.5f))
        .output("y");
    OpenClHarness.assertMatchesReference(b.toBytes(), feeds, Models.RTOL, Models.ATOL);
  }

  /** A and B shapes as "2x3x5" ("" never: 1-D is one number); B may be a weight. */
  @ParameterizedTest
  @CsvSource({
      "7, 7", "9, 9x4", "5x9, 9", "3x9, 9x20", "2x4x9, 9x17", "5x9, 3x9x2", "2x1x6x5, 3x5x18", "1x3x2x4x5, 3x1x5x3",
      "33x65, 65x1", "1x70, 70x24", "10x7, 7x1030"})
  void matMulMatchesReference(String a, String bShape) {
    SplittableRandom rnd = new SplittableRandom(a.hashCode() * 31L + bShape.hashCode());
    OnnxModelBuilder b = Models.model();
    Map<String, Tensor> feeds = new HashMap<>();
    feeds.put("a", Models.input(b, rnd, "a", dims(a)));
    if (rnd.nextBoolean()) {
      Models.weight(b, rnd, "b", dims(bShape));
    } else {
      feeds.put("b", Models.input(b, rnd, "b", dims(bShape)));
    }
    b.node("MatMul", names("a", "b"), names("y")).output("y");
    OpenClHarness.assertMatchesReference(b.toBytes(), feeds, Models.RTOL, Models.ATOL);
  }

  private static int[] dims(String s) {
    String[] p = s.split("x");
    int[] d = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      d[i] = Integer.parseInt(p[i].trim());
    }
    return d;
  }
}
