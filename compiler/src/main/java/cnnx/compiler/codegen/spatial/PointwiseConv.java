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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * 1x1 convs on CPU devices as conv/pointwise.cl: vectors along the flat pixel plane and a broadcast
 * weight per output channel, so each channel's outputs leave as whole vector stores. The
 * channel-vector template stores one scalar per channel and pixel; with few input channels over
 * a large plane those stores, not the FMAs, set its time (MobileNet-V2's 16 -> 96 expansion on
 * 112x112 ran 2.3x slower). GPU presets keep the general template, whose work-items already write
 * coalesced runs along x.
 */
final class PointwiseConv {
  /** Output channels x vectors of pixels per work-item: 16 accumulators. */
  private static final int CHANNELS = 8;
  private static final int VECTORS = 2;

  /**
   * Where the stores bound the general template: few input channels (little FMA work per output)
   * over a large plane. Measured on MobileNet-V2 (PoCL, AVX-512): every such layer ran 1.5-2.3x
   * faster here; with 144 or more input channels, or on 14x14 planes, the general template won.
   */
  private static final int MAX_INPUT_CHANNELS = 96;
  private static final int MIN_PLANE = 28 * 28;

  private PointwiseConv() {}

  /**
   * Few output channels: one 16-channel vector per position leaves the general template a single block of channels
   * and scalar stores. SqueezeNet's 128 -> 16 squeeze on 55x55 ran 1.5-2.3x faster here in every {@code cnnx tune}
   * run.
   */
  private static final int MAX_OUTPUT_CHANNELS = 16;

  /** Whether the block fits and gains: {@link #fits}, and few input or output channels over a large plane. */
  static boolean applies(Target t, int rank, int c, int m, ConvGeometry geo, int groups, Node pool) {
    return fits(t, rank, geo, groups, pool) && (c <= MAX_INPUT_CHANNELS || m <= MAX_OUTPUT_CHANNELS)
        && geo.outPlane() >= MIN_PLANE;
  }

  /** Whether the template computes the block: a CPU target, 2-D, 1x1 stride 1 without padding, one group, no pool. */
  static boolean fits(Target t, int rank, ConvGeometry geo, int groups, Node pool) {
    return t.kind() == DeviceKind.CPU && t.simdWidth() >= 4 && rank == 4 && groups == 1 && pool == null
        && Arrays.equals(geo.kernel(), new int[] {1, 1, 1}) && Arrays.equals(geo.strides(), new int[] {1, 1, 1})
        && Arrays.equals(geo.in(), geo.out()) && Arrays.stream(geo.pads()).allMatch(p -> p == 0);
  }

  static void lower(Node head, List<ChainStep> epilogue, String outputValue, ConvGeometry geo, LoweringContext ctx) {
    Graph graph = ctx.graph();
    int[] xs = ConvGeometry.shape(graph, head.input(0));
    int[] ws = ConvGeometry.shape(graph, head.input(1));
    int n = xs[0];
    int c = xs[1];
    int m = ws[0];
    int[] out = geo.out();
    int vw = Math.min(16, Integer.highestOneBit(ctx.target().simdWidth()));
    int mBlocks = ConvBlocking.ceil(m, CHANNELS);
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, head.output(0), epilogue, 4, "epilogue");
    boolean bias = head.hasInput(2);
    Map<String, String> defines = ConvBlocking.alongX(vw);
    defines.put("OB", String.valueOf(CHANNELS));
    defines.put("PV", String.valueOf(VECTORS));
    defines.put("HAS_BIAS", KernelText.flag(bias));
    KernelText.Built built = KernelText.build("pwconv", defines, epi, ConvBlocking.epiMacro(epi, 4),
        List.of("conv/common.cl", "conv/pointwise.cl"));

    var slice = ConcatPlacement.of(graph, outputValue);
    int y = ctx.buffer(slice.map(ConcatPlacement.Slice::concatValue).orElse(outputValue));
    List<KernelArg> args = ConvArgs.leading(ctx, head, ctx.buffer(head.input(1)), y);
    for (int v : new int[] {c, m, mBlocks, out[1], out[2],
        slice.map(ConcatPlacement.Slice::totalChannels).orElse(m),
        slice.map(ConcatPlacement.Slice::channelOffset).orElse(0)}) {
      args.add(new KernelArg.Int(v));
    }
    epi.extraValues().forEach(v -> args.add(new KernelArg.Buffer(ctx.buffer(v))));
    List<String> nodes = new ArrayList<>(head.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    long[] global = {ConvBlocking.ceil(out[1] * out[2], vw * VECTORS), 1, (long) n * mBlocks};
    String note = "conv 1x1/1 along pixels: " + CHANNELS + " channels x " + VECTORS + " x float" + vw
        + " pixels per work-item" + (epilogue.isEmpty() ? "" : "; epilogue " + ConvLowering.stepNames(epilogue))
        + slice.map(sl -> sl.note(m)).orElse("");
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(), nodes,
        List.of(y), note);
  }
}
