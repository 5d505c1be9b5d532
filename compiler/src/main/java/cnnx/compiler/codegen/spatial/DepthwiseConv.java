package cnnx.compiler.codegen.spatial;

import cnnx.boards.Target;
import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.ConcatPlacement;
import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Depthwise 2-D conv blocks (one input and one output channel per group) as conv/depthwise.cl:
 * the general template gives such layers one scalar channel per work-item; this one puts a float
 * vector along x (the target's SIMD width, at least 4 so scalar-SIMT GPUs still load 16 bytes).
 */
final class DepthwiseConv {
  private DepthwiseConv() {}

  /** Whether the block fits: 2-D, groups = input = output channels, no fused pool. */
  static boolean applies(int rank, int c, int m, int cg, Node pool) {
    return rank == 4 && cg == 1 && m == c && pool == null;
  }

  /** Output x positions per work-item: a power of two from 4 to 16, no wider than the row needs. */
  static int vectorWidth(Target t, int outWidth) {
    int vw = 4;
    while (vw < 16 && vw < t.simdWidth() && vw < outWidth) {
      vw *= 2;
    }
    return vw;
  }

  /**
   * The blockings a tuner may measure, by name, the rules' first: {@link #vectorWidth} x positions and four rows per
   * work-item; two or eight rows; half or twice the vector (4 to 16 lanes).
   */
  static Map<String, int[]> variants(Target t, int[] out) {
    int vw = vectorWidth(t, out[2]);
    int yb = Math.min(4, out[1]);
    Map<String, int[]> m = new java.util.LinkedHashMap<>();
    for (int[] v : new int[][] {{vw, yb}, {vw, Math.min(2, out[1])}, {vw, Math.min(8, out[1])}, {vw / 2, yb},
        {vw * 2, yb}}) {
      if (v[0] >= 4 && v[0] <= 16) {
        m.putIfAbsent("depthwise float" + v[0] + " x " + v[1] + " rows", v);
      }
    }
    return m;
  }

  static void lower(Node head, List<ChainStep> epilogue, String outputValue, ConvGeometry geo, LoweringContext ctx) {
    Graph graph = ctx.graph();
    int[] xs = ConvGeometry.shape(graph, head.input(0));
    int n = xs[0];
    int c = xs[1];
    int[] in = geo.in();
    int[] out = geo.out();
    List<String> nodes = new ArrayList<>(head.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    Map<String, int[]> variants = variants(ctx.target(), out);
    int[] pick = variants.get(ctx.tuning().choose(ConvVariants.key(n, c, c, c, geo, null, epilogue),
        List.copyOf(variants.keySet()), nodes));
    int vw = pick[0];
    int yb = pick[1];
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, head.output(0), epilogue, 4, "epilogue");
    boolean bias = head.hasInput(2);
    Map<String, String> defines = ConvBlocking.alongX(vw);
    defines.put("YB", String.valueOf(yb));
    defines.putAll(ConvBlocking.rowWindow(geo));
    defines.put("HAS_BIAS", KernelText.flag(bias));
    KernelText.Built built = KernelText.build("dwconv", defines, epi, ConvBlocking.epiMacro(epi, 4),
        List.of("conv/common.cl", "conv/rows.cl", "conv/lanes.cl", "conv/depthwise.cl"));

    var slice = ConcatPlacement.of(graph, outputValue);
    int y = ctx.buffer(slice.map(ConcatPlacement.Slice::concatValue).orElse(outputValue));
    List<KernelArg> args = ConvArgs.leading(ctx, head, ctx.buffer(head.input(1)), y);
    for (int v : new int[] {c, in[1], in[2], out[1], out[2], geo.pads()[1], geo.pads()[2],
        slice.map(ConcatPlacement.Slice::totalChannels).orElse(c),
        slice.map(ConcatPlacement.Slice::channelOffset).orElse(0)}) {
      args.add(new KernelArg.Int(v));
    }
    epi.extraValues().forEach(v -> args.add(new KernelArg.Buffer(ctx.buffer(v))));
    long[] global = {ConvBlocking.ceil(out[2], vw), ConvBlocking.ceil(out[1], yb), (long) n * c};
    String note = "depthwise conv " + ConvLowering.window(geo) + ": float" + vw + " along x x " + yb
        + " rows per work-item" + (epilogue.isEmpty() ? "" : "; epilogue " + ConvLowering.stepNames(epilogue))
        + slice.map(sl -> sl.note(c)).orElse("");
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(), nodes,
        List.of(y), note);
  }
}
