package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Node;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One launch of a gemm template for Gemm and MatMul: {@code Y[b] = alpha * A[b] B[b] (+ beta * C)}
 * then the fused epilogue, with every operand addressed by strides (so transposes and broadcast
 * batch dims cost no copies). Picks gemm/gemm_rows.cl when B is contiguous along n (a vector of B
 * per k, broadcast A values) and gemm/gemm_dot.cl when it is contiguous along k (dot products,
 * e.g. fully connected weights stored N x K).
 */
final class MatrixKernel {
  /**
   * A(m, k) at aOff + m*sam + k*sak; B(k, n) at bOff + k*sbk + n*sbn; C(m, n) at m*scm + n*scn.
   * Batch index r along dim r of batchDims moves A by aBatch[r] and B by bBatch[r] elements.
   *
   * @param c the C operand or null
   * @param epiCoords the epilogue's output coordinates as C expressions of bi0.., m and n
   */
  record Problem(String a, String b, String c, int m, int n, int k, long sam, long sak, long sbk, long sbn,
      long scm, long scn, float alpha, float beta, long[] batchDims, long[] aBatch, long[] bBatch,
      List<String> epiCoords) {}

  private MatrixKernel() {}

  static void lower(Problem p, Node head, List<ChainStep> epilogue, String outputValue, LoweringContext ctx) {
    if (ConvBlocking.isEmpty(ctx.graph(), outputValue)) {
      return;
    }
    int rank = epiRank(p);
    EpilogueWriter.Written epi = EpilogueWriter.write(ctx.graph(), head.output(0), epilogue, rank, "epilogue");
    boolean rows = p.sbn() == 1 && (p.n() >= 4 || p.sbk() != 1);
    if (!rows && p.sbk() != 1) {
      throw new IllegalStateException(head.describe() + ": B is contiguous along neither k nor n");
    }
    Map<String, String> defines = new LinkedHashMap<>();
    int mb;
    int nb;
    if (rows) {
      int nv = p.n() >= 16 ? 16 : p.n() >= 8 ? 8 : p.n() >= 4 ? 4 : p.n() >= 2 ? 2 : 1;
      // Two vectors of B per k where N has them: 16 multiply-adds per 10 loads instead of 8 per 9.
      int nvb = nv == 16 && p.n() >= 32 ? 2 : 1;
      nb = nv * nvb;
      mb = p.m() >= 8 ? 8 : p.m() >= 4 ? 4 : p.m() >= 2 ? 2 : 1;
      defines.put("NV", String.valueOf(nv));
      defines.put("NVB", String.valueOf(nvb));
    } else {
      nb = Math.min(4, p.n());
      mb = p.m() >= 4 ? 4 : p.m() >= 2 ? 2 : 1;
      defines.put("NB", String.valueOf(nb));
      defines.put("A_CONTIG", KernelText.flag(p.sak() == 1));
    }
    defines.put("MB", String.valueOf(mb));
    defines.put("HAS_C", KernelText.flag(p.c() != null));
    int br = p.batchDims().length;
    defines.put("BATCH_PARAMS", batchParams(br));
    defines.put("BATCH_DECODE", batchDecode(br));
    String epiMacro = "(v, m, n) " + epi.call("(v)", p.epiCoords());
    KernelText.Built built = KernelText.build(rows ? "gemm_rows" : "gemm_dot", defines, epi, epiMacro,
        List.of(rows ? "gemm/gemm_rows.cl" : "gemm/gemm_dot.cl"));

    int y = ctx.buffer(outputValue);
    List<KernelArg> args = new ArrayList<>();
    args.add(new KernelArg.Buffer(ctx.buffer(p.a())));
    args.add(new KernelArg.Buffer(ctx.buffer(p.b())));
    if (p.c() != null) {
      args.add(new KernelArg.Buffer(ctx.buffer(p.c())));
      args.add(new KernelArg.Long(p.scm()));
      args.add(new KernelArg.Long(p.scn()));
      args.add(new KernelArg.Float(p.beta()));
    }
    args.add(new KernelArg.Buffer(y));
    args.add(new KernelArg.Int(p.m()));
    args.add(new KernelArg.Int(p.n()));
    args.add(new KernelArg.Int(p.k()));
    args.add(new KernelArg.Long(p.sam()));
    args.add(new KernelArg.Long(p.sak()));
    args.add(new KernelArg.Long(rows ? p.sbk() : p.sbn()));
    args.add(new KernelArg.Float(p.alpha()));
    // Where columns alone give enough work-items, each walks all row blocks, reusing its B strip.
    int rowBlocks = ConvBlocking.ceil(p.m(), mb);
    int columnBlocks = ConvBlocking.ceil(p.n(), nb);
    int mPerItem = columnBlocks >= 32 ? rowBlocks : 1;
    args.add(new KernelArg.Int(mPerItem));
    long batches = 1;
    for (int r = 0; r < br; r++) {
      args.add(new KernelArg.Long(p.batchDims()[r]));
      args.add(new KernelArg.Long(p.aBatch()[r]));
      args.add(new KernelArg.Long(p.bBatch()[r]));
      batches *= p.batchDims()[r];
    }
    epi.extraValues().forEach(v -> args.add(new KernelArg.Buffer(ctx.buffer(v))));
    long[] global = {columnBlocks, ConvBlocking.ceil(rowBlocks, mPerItem), batches};
    List<String> nodes = new ArrayList<>(head.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    String note = head.opType() + " " + (batches > 1 ? batches + " x " : "") + p.m() + "x" + p.k() + " * " + p.k()
        + "x" + p.n() + (rows ? ": " + mb + " rows x " + nb + " columns (B rows as vectors)"
            : ": " + mb + " x " + nb + " dot products over k (B columns contiguous)")
        + " per work-item" + (epilogue.isEmpty() ? "" : "; epilogue " + ConvLowering.stepNames(epilogue));
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(), nodes, List.of(y), note);
  }

  private static int epiRank(Problem p) {
    return p.epiCoords().size();
  }

  private static String batchParams(int br) {
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < br; r++) {
      s.append(", const long bd").append(r).append(", const long as").append(r).append(", const long bs").append(r);
    }
    return s.toString();
  }

  /** Splits the batch index into coordinates bi0.. (row-major) and the operands' offsets. */
  private static String batchDecode(int br) {
    if (br == 0) {
      return "const long aOff = 0; const long bOff = 0;";
    }
    StringBuilder s = new StringBuilder("long rest_ = batch;");
    for (int r = br - 1; r >= 0; r--) {
      s.append(" const long bi").append(r).append(" = rest_ % bd").append(r).append("; rest_ /= bd").append(r)
          .append(';');
    }
    StringBuilder a = new StringBuilder(" const long aOff = 0");
    StringBuilder b = new StringBuilder(" const long bOff = 0");
    for (int r = 0; r < br; r++) {
      a.append(" + bi").append(r).append(" * as").append(r);
      b.append(" + bi").append(r).append(" * bs").append(r);
    }
    return s.append(a).append(';').append(b).append(';').toString();
  }
}
