package cnnx.compiler.codegen.spatial;

import cnnx.boards.DeviceKind;
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
 * 2-D convs with few input channels per group (first layers, RGB in) on CPU devices as
 * conv/xconv.cl: float vectors along output x, a broadcast weight per output channel. With only
 * Cg x taps multiply-adds per output, the channel-vector template's scalar stores of every channel
 * and position cost as much as its arithmetic. GPU presets keep the general template.
 */
final class SmallChannelConv {
  /** Output channels per work-item: 16 accumulators and one input vector. */
  private static final int CHANNELS = 16;

  /** The most input channels per group routed here: a first layer's (RGB, grey, a few planes). */
  private static final int MAX_INPUT_CHANNELS = 4;

  /**
   * The most multiply-adds per output (input channels per group x taps) routed here. Measured on
   * PoCL (AVX-512, one thread): 3x3 over 3 channels (27) ran 13-42% faster here at stride 1 and 2,
   * 5x5 over 1 channel (25) 2x, 1x1/2 over 3 (3) 2-3x; 5x5 over 3 channels (75) 10% slower and 7x7
   * over 3 (147) 5% slower.
   */
  private static final int MAX_TAPS = 32;

  private SmallChannelConv() {}

  /**
   * Whether the block fits and gains: a CPU target, 2-D, few input channels per group and few
   * multiply-adds per output, strides along x that rows.cl gathers with vector loads (1 and 2), no
   * fused pool.
   */
  static boolean applies(Target t, int rank, int cg, ConvGeometry geo, Node pool) {
    return t.kind() == DeviceKind.CPU && t.simdWidth() >= 4 && rank == 4 && pool == null
        && cg <= MAX_INPUT_CHANNELS && (long) cg * geo.taps() <= MAX_TAPS && geo.strides()[2] <= 2;
  }

  /** @param poolNote why a pool reading the output is not fused ("" when none is) */
  static void lower(Node head, List<ChainStep> epilogue, String outputValue, ConvGeometry geo, String poolNote,
      LoweringContext ctx) {
    Graph graph = ctx.graph();
    int[] xs = ConvGeometry.shape(graph, head.input(0));
    int[] ws = ConvGeometry.shape(graph, head.input(1));
    int n = xs[0];
    int m = ws[0];
    int cg = ws[1];
    int groups = xs[1] / cg;
    int mg = m / groups;
    int[] in = geo.in();
    int[] out = geo.out();
    int vw = DepthwiseConv.vectorWidth(ctx.target(), out[2]);
    int mc = channels(mg);
    int mBlocks = ConvBlocking.ceil(mg, mc);
    int taps = geo.taps();
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, head.output(0), epilogue, 4, "epilogue");
    boolean bias = head.hasInput(2);
    Map<String, String> defines = ConvBlocking.alongX(vw);
    defines.put("MC", String.valueOf(mc));
    defines.putAll(ConvBlocking.rowWindow(geo));
    defines.put("HAS_BIAS", KernelText.flag(bias));
    KernelText.Built built = KernelText.build("xconv", defines, epi, ConvBlocking.epiMacro(epi, 4),
        List.of("conv/common.cl", "conv/rows.cl", "conv/lanes.cl", "conv/xconv.cl"));

    int weights = WeightPacking.packed(ctx, WeightPacking.conv(head.input(1), mg, cg, taps), groups, mg, mBlocks,
        cg, taps, mc);
    var slice = ConcatPlacement.of(graph, outputValue);
    int y = ctx.buffer(slice.map(ConcatPlacement.Slice::concatValue).orElse(outputValue));
    List<KernelArg> args = ConvArgs.leading(ctx, head, weights, y);
    for (int v : new int[] {groups, cg, mg, mBlocks, in[1], in[2], out[1], out[2], geo.pads()[1], geo.pads()[2],
        slice.map(ConcatPlacement.Slice::totalChannels).orElse(m),
        slice.map(ConcatPlacement.Slice::channelOffset).orElse(0)}) {
      args.add(new KernelArg.Int(v));
    }
    epi.extraValues().forEach(v -> args.add(new KernelArg.Buffer(ctx.buffer(v))));
    List<String> nodes = new ArrayList<>(head.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    long[] global = {ConvBlocking.ceil(out[2], vw), out[1], (long) n * groups * mBlocks};
    String note = "conv " + ConvLowering.window(geo) + " along x: " + mc + " channels x float" + vw
        + " x positions per work-item"
        + (epilogue.isEmpty() ? "" : "; epilogue " + ConvLowering.stepNames(epilogue)) + poolNote
        + slice.map(sl -> sl.note(m)).orElse("");
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(), nodes,
        List.of(y), note);
  }

  /** Output channels per work-item (MC): 16 accumulators, fewer where the group has fewer channels. */
  static int channels(int mg) {
    return Math.min(mg, CHANNELS);
  }
}
