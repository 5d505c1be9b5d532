package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.List;
import java.util.Optional;

/**
 * The integer matrix product of MatMulInteger and QLinearMatMul: MatMul's shapes (numpy
 * broadcasting of batch dims, 1-D operands promoted) over zero-point-shifted integer operands,
 * summed exactly in long.
 */
public final class IntegerMatMul {
  private IntegerMatMul() {}

  /** MatMul's output dims for A at input {@code aIndex} and B at {@code bIndex}. */
  public static List<Dim> outputDims(InferenceContext ctx, int aIndex, int bIndex) {
    return new MatMul().inferTypes(new Operands(ctx, aIndex, bIndex)).get(0).dims();
  }

  /** The rows of A (M, 1 for a 1-D A) and the columns of B (N, 1 for a 1-D B). */
  public static int rows(Tensor a) {
    return a.rank() == 1 ? 1 : a.dim(a.rank() - 2);
  }

  public static int columns(Tensor b) {
    return b.rank() == 1 ? 1 : b.dim(b.rank() - 1);
  }

  /**
   * Sum over k of (a[..., m, k] - aZero[m]) * (b[..., k, n] - bZero[n]) for every output element.
   *
   * @param aZero a zero point per row of A
   * @param bZero a zero point per column of B
   */
  public static long[] multiply(int[] outShape, Tensor a, long[] aZero, Tensor b, long[] bZero) {
    int m = rows(a);
    int k = a.dim(a.rank() - 1);
    int n = columns(b);
    int[] aBatch = batchDims(a.shape(), a.rank() == 1 ? 0 : 2);
    int[] bBatch = batchDims(b.shape(), b.rank() == 1 ? 0 : 2);
    int batchRank = Math.max(aBatch.length, bBatch.length);
    int[] batch = new int[batchRank];
    for (int i = 0; i < batchRank; i++) {
      batch[i] = Math.max(at(aBatch, batchRank, i), at(bBatch, batchRank, i));
    }
    int batches = 1;
    for (int d : batch) {
      batches *= d;
    }
    long[] av = a.longs();
    long[] bv = b.longs();
    long[] y = new long[batches * m * n];
    for (int bi = 0; bi < batches; bi++) {
      int aMat = 0;
      int bMat = 0;
      int aStride = 1;
      int bStride = 1;
      int rest = bi;
      for (int d = batchRank - 1; d >= 0; d--) {
        int idx = rest % batch[d];
        rest /= batch[d];
        int ad = at(aBatch, batchRank, d);
        int bd = at(bBatch, batchRank, d);
        aMat += (ad == 1 ? 0 : idx) * aStride;
        bMat += (bd == 1 ? 0 : idx) * bStride;
        aStride *= ad;
        bStride *= bd;
      }
      for (int row = 0; row < m; row++) {
        for (int col = 0; col < n; col++) {
          long acc = 0;
          for (int j = 0; j < k; j++) {
            acc += (av[(aMat * m + row) * k + j] - aZero[row]) * (bv[(bMat * k + j) * n + col] - bZero[col]);
          }
          y[(bi * m + row) * n + col] = acc;
        }
      }
    }
    return y;
  }

  private static int[] batchDims(int[] shape, int matrixRank) {
    int[] b = new int[Math.max(0, shape.length - matrixRank)];
    System.arraycopy(shape, 0, b, 0, b.length);
    return b;
  }

  /** Dim i of batch dims right-aligned to {@code rank}; missing leading dims are 1. */
  private static int at(int[] dims, int rank, int i) {
    int j = i - (rank - dims.length);
    return j < 0 ? 1 : dims[j];
  }

  /** A and B seen as float operands of a plain MatMul, for its checks and shapes. */
  private record Operands(InferenceContext ctx, int aIndex, int bIndex) implements InferenceContext {
    @Override
    public Node node() {
      return ctx.node();
    }

    @Override
    public int inputCount() {
      return 2;
    }

    @Override
    public TensorType inputType(int i) {
      return ctx.inputType(i == 0 ? aIndex : bIndex).withDtype(DataType.FLOAT);
    }

    @Override
    public boolean hasInput(int i) {
      return i < 2;
    }

    @Override
    public Optional<Tensor> constant(int i) {
      return Optional.empty();
    }
  }
}
