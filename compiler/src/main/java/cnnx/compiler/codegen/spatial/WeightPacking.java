package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import java.util.List;

/**
 * Puts conv weights into the templates' layout [group][channel block][Cg][taps][ocb]. Constant
 * weights (the usual case) are packed at compile time into a new plan constant, uploaded once;
 * weights computed at run time are packed by a launch before the conv. Where the layout already
 * is the weights' (ocb 1 for Conv), nothing is done.
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
    Tensor constant = ctx.graph().initializers().get(w.value());
    if (constant != null && constant.isFloating()) {
      return ctx.constant("packed " + w.value(), pack(constant.floats(), w, groups, mg, mBlocks, cg, taps, ocb, total));
    }
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

  /** The same layout as conv/pack.cl computes, on the JVM at compile time. */
  private static Tensor pack(float[] w, Source s, int groups, int mg, int mBlocks, int cg, int taps, int ocb,
      long total) {
    float[] out = new float[Math.toIntExact(total)];
    for (int gb = 0; gb < groups * mBlocks; gb++) {
      int mb = gb % mBlocks;
      long g = gb / mBlocks;
      int valid = Math.min(ocb, mg - mb * ocb);
      for (int ci = 0; ci < cg; ci++) {
        long src = g * s.groupStride() + (long) mb * ocb * s.channelStride() + (long) ci * s.inputStride();
        int dst = (int) (((long) gb * cg + ci) * taps * ocb);
        for (int t = 0; t < taps; t++) {
          for (int j = 0; j < valid; j++) {
            out[dst + t * ocb + j] = w[(int) (src + j * s.channelStride() + t)];
          }
        }
      }
    }
    return Tensor.ofFloats(new int[] {out.length}, out);
  }
}
