package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * MatMul with numpy semantics: leading dims broadcast (stride 0 where an operand has 1), a 1-D A
 * is one row and a 1-D B one column, whose unit dims the output (and the epilogue) do not have.
 */
final class MatMulLowering implements Lowering {
  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    if (pool != null) {
      throw new IllegalStateException(head.describe() + ": a pool was fused though this kernel takes none");
    }
    int[] as = ConvGeometry.shape(ctx.graph(), head.input(0));
    int[] bs = ConvGeometry.shape(ctx.graph(), head.input(1));
    boolean aVector = as.length == 1;
    boolean bVector = bs.length == 1;
    int m = aVector ? 1 : as[as.length - 2];
    int k = as[as.length - 1];
    int n = bVector ? 1 : bs[bs.length - 1];
    int[] aBatch = batchDims(as);
    int[] bBatch = batchDims(bs);
    int br = Math.max(aBatch.length, bBatch.length);
    long[] dims = new long[br];
    long[] aStride = strides(aBatch, br, (long) m * k);
    long[] bStride = strides(bBatch, br, (long) k * n);
    List<String> coords = new ArrayList<>();
    for (int r = 0; r < br; r++) {
      dims[r] = Math.max(padded(aBatch, br, r), padded(bBatch, br, r));
      coords.add("bi" + r);
    }
    if (!aVector) {
      coords.add("(long)(m)");
    }
    if (!bVector) {
      coords.add("(long)(n)");
    }
    var p = new MatrixKernel.Problem(head.input(0), head.input(1), null, m, n, k, k, 1, bVector ? 1 : n, 1, 0, 0,
        1f, 0f, dims, aStride, bStride, coords);
    MatrixKernel.lower(p, head, epilogue, outputValue, ctx);
  }

  private static int[] batchDims(int[] shape) {
    return shape.length <= 2 ? new int[0] : java.util.Arrays.copyOf(shape, shape.length - 2);
  }

  /** Batch dim r of dims right-aligned to br dims; 1 where the operand has fewer. */
  private static int padded(int[] dims, int br, int r) {
    int j = r - (br - dims.length);
    return j < 0 ? 1 : dims[j];
  }

  /** Element strides per aligned batch dim: 0 on broadcast (size-1 or missing) dims. */
  private static long[] strides(int[] dims, int br, long matrix) {
    long[] s = new long[br];
    long acc = matrix;
    for (int r = br - 1; r >= 0; r--) {
      int d = padded(dims, br, r);
      s[r] = d == 1 ? 0 : acc;
      acc *= d;
    }
    return s;
  }
}
