package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.OpRegistry;
import java.util.List;

/** Gemm: transA / transB become strides, C broadcasts through zero strides, alpha and beta are arguments. */
final class GemmLowering implements Lowering {
  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    if (pool != null) {
      throw new IllegalStateException(head.describe() + ": a pool was fused though this kernel takes none");
    }
    int[] as = ConvGeometry.shape(ctx.graph(), head.input(0));
    int[] bs = ConvGeometry.shape(ctx.graph(), head.input(1));
    boolean transA = head.intAttr("transA", 0) != 0;
    boolean transB = head.intAttr("transB", 0) != 0;
    int m = transA ? as[1] : as[0];
    int k = transA ? as[0] : as[1];
    int n = transB ? bs[0] : bs[1];
    String c = head.hasInput(2) ? head.input(2) : null;
    long scm = 0;
    long scn = 0;
    if (c != null) {
      int[] cs = ConvGeometry.shape(ctx.graph(), c);
      if (cs.length >= 1 && cs[cs.length - 1] != 1) {
        scn = 1;
      }
      if (cs.length == 2 && cs[0] != 1) {
        scm = cs[1];
      }
    }
    var p = new MatrixKernel.Problem(head.input(0), head.input(1), c, m, n, k,
        transA ? 1 : k, transA ? m : 1, transB ? 1 : n, transB ? k : 1, scm, scn,
        OpRegistry.standard().floatAttr(head, "alpha"), OpRegistry.standard().floatAttr(head, "beta"),
        new long[0], new long[0], new long[0],
        List.of("(long)(m)", "(long)(n)"));
    MatrixKernel.lower(p, head, epilogue, outputValue, ctx);
  }
}
