package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.LoweringContext;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import java.util.List;

/**
 * Puts conv weights into the templates' layout [group][channel block][Cg][taps][ocb] with a
 * launch before the conv (the plan format has no compile-time derived constants, so the pack runs
 * with every inference; it reads the weights once, which is small next to the conv that reads
 * them once per output position). Where the layout already is the weights' (ocb 1 for Conv), no
 * launch is added.
 */
final class WeightPacking {
  private WeightPacking() {}

  /** How the source weights are addressed: element (g, m, ci, tap) at g*group + m*channel + ci*input + tap. */
  record Source(String value, long groupStride, long channelStride, long inputStride) {}

  /** Conv weights M x Cg x k...: output channel m of group g is row g*Mg + m. */
  static Source conv(String value, int mg, int cg, int taps) {
    return new Source(value, (long) mg * cg * taps, (long) cg * taps, taps);
  }

  /** ConvTranspose weights C x Mg x k...: input channel ci of group g is row g*Cg + ci. */
  static Source transposed(String value, int mg, int cg, int taps) {
    return new Source(value, (long) cg * mg * taps, taps, (long) mg * taps);
  }

  /**
   * The buffer holding the packed weights, adding the pack launch when needed. The pack computes
   * no ONNX node's value (the conv launch does), so it names none.
   */
  static int packed(LoweringContext ctx, Source w, int groups, int mg, int mBlocks, int cg, int taps, int ocb) {
    int src = ctx.buffer(w.value());
    boolean identity = ocb == 1 && w.groupStride() == (long) mg * cg * taps
        && w.channelStride() == (long) cg * taps && w.inputStride() == taps;
    if (identity) {
      return src;
    }
    long total = (long) groups * mBlocks * cg * taps * ocb;
    int dst = ctx.scratch("packed " + w.value(), total);
    int program = ctx.program(new KernelSource(KernelText.resource("conv/pack.cl"), ""));
    List<KernelArg> args = List.of(new KernelArg.Buffer(src), new KernelArg.Buffer(dst), new KernelArg.Int(mg),
        new KernelArg.Int(mBlocks), new KernelArg.Int(cg), new KernelArg.Int(taps), new KernelArg.Int(ocb),
        new KernelArg.Long(w.groupStride()), new KernelArg.Long(w.channelStride()),
        new KernelArg.Long(w.inputStride()));
    ctx.launch("pack_weights", program, args, new long[] {ConvBlocking.ceil(cg, 16), (long) groups * mBlocks}, null, List.of(), List.of(dst),
        "weights " + w.value() + " repacked to [group][" + ocb + "-channel block][Cg][tap][" + ocb
            + "] for the next launch's vector loads");
    return dst;
  }
}
