package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.ConcatPlacement;
import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conv block as one launch of conv/conv.cl (after the weight pack): convolution, bias, the
 * fused element steps and, when its windows do not overlap, the following pool. Kernel size,
 * strides, dilations and the blocking are compiled in; channel counts, spatial sizes and pads are
 * arguments, so layers that differ only in those share a program.
 */
final class ConvLowering implements Lowering {
  private final cnnx.compiler.codegen.Winograd winograd;

  ConvLowering(cnnx.compiler.codegen.Winograd winograd) {
    this.winograd = winograd;
  }

  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    Graph graph = ctx.graph();
    if (ConvBlocking.isEmpty(graph, outputValue)) {
      return;
    }
    int[] xs = ConvGeometry.shape(graph, head.input(0));
    int[] ws = ConvGeometry.shape(graph, head.input(1));
    int rank = xs.length;
    ConvGeometry geo = ConvGeometry.forward(head, graph, Arrays.copyOfRange(ws, 2, ws.length));
    int n = xs[0];
    int c = xs[1];
    int m = ws[0];
    int cg = ws[1];
    int groups = c / cg;
    int mg = m / groups;
    if (DepthwiseConv.applies(rank, c, m, cg, pool)) {
      DepthwiseConv.lower(head, epilogue, outputValue, geo, ctx);
      return;
    }
    ConvGeometry poolGeo = pool == null ? null : ConvGeometry.forward(pool, graph, null);
    List<String> nodes = new ArrayList<>(head.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    if (pool != null) {
      nodes.addAll(pool.sourceNodes());
    }
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, head.output(0), epilogue, rank, "epilogue");
    boolean flat = pool == null && epi.extraValues().isEmpty() && ConvBlocking.flattens(geo);
    ConvGeometry rowGeo = flat ? ConvBlocking.flattened(geo) : geo;
    ConvVariants variants = ConvVariants.of(ctx.target(), mg, (long) n * groups * geo.outPlane() / 8, geo.taps(),
        max -> xPerItem(rowGeo, poolGeo, flat, max),
        PointwiseConv.fits(ctx.target(), rank, geo, groups, pool), PointwiseConv.applies(ctx.target(), rank, c, m, geo,
            groups, pool),
        winograd != cnnx.compiler.codegen.Winograd.OFF
            && WinogradConv.applies(cnnx.compiler.codegen.Winograd.ALWAYS, ctx, head, rank, c, m, geo, groups, pool),
        WinogradConv.applies(winograd, ctx, head, rank, c, m, geo, groups, pool),
        SmallChannelConv.applies(ctx.target(), rank, cg, geo, pool));
    String variant = ctx.tuning().choose(ConvVariants.key(n, c, m, groups, geo, poolGeo, epilogue), variants.names(),
        nodes);
    switch (variant) {
      case ConvVariants.POINTWISE -> {
        PointwiseConv.lower(head, epilogue, outputValue, geo, ctx);
        return;
      }
      case ConvVariants.WINOGRAD -> {
        WinogradConv.lower(head, epilogue, outputValue, geo, ctx);
        return;
      }
      case ConvVariants.SMALL_CHANNEL -> {
        SmallChannelConv.lower(head, epilogue, outputValue, geo, unfusedPoolNote(head, outputValue, ctx), ctx);
        return;
      }
      default -> { } // a blocking of the direct template, below
    }
    ConvVariants.Direct blocking = variants.direct(variant);
    geo = rowGeo;
    int vw = blocking.vw();
    int nv = blocking.nv();
    int ocb = vw * nv;
    int mBlocks = ConvBlocking.ceil(mg, ocb);

    int[] yOut = geo.out();
    int[] poolK = {1, 1, 1};
    int xb;
    int xBlocks;
    String poolNote = "";
    if (pool != null) {
      ConvGeometry pg = poolGeo;
      poolK = pg.kernel();
      yOut = pg.out();
      xb = blocking.xb();
      int pxb = xb / poolK[2];
      xBlocks = ConvBlocking.ceil(yOut[2], pxb);
      poolNote = "; " + pool.opType() + " " + window(pg) + " fused: each conv output computed once, pooled in registers";
    } else {
      xb = blocking.xb();
      xBlocks = ConvBlocking.ceil(yOut[2], xb);
      poolNote = unfusedPoolNote(head, outputValue, ctx);
    }
    boolean bias = head.hasInput(2);
    Map<String, String> defines = new LinkedHashMap<>();
    defines.put("VW", String.valueOf(vw));
    defines.put("NV", String.valueOf(nv));
    defines.put("XB", String.valueOf(xb));
    axes(defines, "K", geo.kernel());
    axes(defines, "S", geo.strides());
    axes(defines, "D", geo.dilations());
    defines.putAll(ConvBlocking.edges(geo, xb, xBlocks));
    defines.put("HAS_BIAS", KernelText.flag(bias));
    defines.put("POOL", pool == null ? "0" : pool.opType().equals("MaxPool") ? "1" : "2");
    axes(defines, "PK", poolK);
    defines.put("PREFETCH", WeightPrefetch.flag(ctx.target()));
    KernelText.Built built = KernelText.build("conv", defines, epi, ConvBlocking.epiMacro(epi, rank),
        List.of("conv/common.cl", "conv/conv.cl"));

    int taps = geo.taps();
    int weights = WeightPacking.packed(ctx, WeightPacking.conv(head.input(1), mg, cg, taps), groups, mg, mBlocks,
        cg, taps, ocb);
    var slice = ConcatPlacement.of(graph, outputValue);
    int out = ctx.buffer(slice.map(ConcatPlacement.Slice::concatValue).orElse(outputValue));
    List<KernelArg> args = ConvArgs.leading(ctx, head, weights, out);
    for (int v : new int[] {c, groups, cg, mg, mBlocks}) {
      args.add(new KernelArg.Int(v));
    }
    for (int[] v : new int[][] {geo.in(), geo.out(), yOut, geo.pads()}) {
      for (int a : v) {
        args.add(new KernelArg.Int(a));
      }
    }
    args.add(new KernelArg.Int(slice.map(ConcatPlacement.Slice::totalChannels).orElse(m)));
    args.add(new KernelArg.Int(slice.map(ConcatPlacement.Slice::channelOffset).orElse(0)));
    args.add(new KernelArg.Int(WeightPrefetch.ahead(ctx.target(), 4L * groups * mBlocks * ocb * cg * taps,
        (long) n * geo.outPlane(), WeightPrefetch.DIRECT_STEPS)));
    epi.extraValues().forEach(v -> args.add(new KernelArg.Buffer(ctx.buffer(v))));
    long[] global = {xBlocks, (long) yOut[0] * yOut[1], (long) n * groups * mBlocks};
    String note = "conv " + window(geo) + ": " + ConvBlocking.describe(vw, nv, xb) + (flat ? " along the flattened plane" : "")
        + (epilogue.isEmpty() ? "" : "; epilogue " + stepNames(epilogue)) + poolNote
        + slice.map(sl -> sl.note(m)).orElse("");
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(), nodes, List.of(out), note);
  }

  /** Conv output x positions per work-item under a cap: whole pool windows, along the flattened plane, or a row. */
  private static int xPerItem(ConvGeometry g, ConvGeometry pool, boolean flat, int max) {
    if (pool != null) {
      return ConvBlocking.width(pool.out()[2], Math.max(1, max / pool.kernel()[2])) * pool.kernel()[2];
    }
    return flat ? ConvBlocking.flatWidth(g.out()[2], max) : ConvBlocking.width(g.out()[2], max);
  }

  @Override
  public boolean canFusePool(Node head, Node pool, Graph graph) {
    return fuseProblem(head, pool, graph) == null;
  }

  /**
   * First layers (few input channels, few taps) on CPU targets: the small-channel template and the pool in its own
   * launch. A 3->16 3x3 conv over 32x32 with a 2x2/2 max pool took 0.024 ms with the pool fused into the general
   * template and 0.014-0.017 ms as the two launches (`cnnx plan --predict`, 200 runs, PoCL).
   */
  @Override
  public String poolBetterApartOn(cnnx.boards.Target target, Node head, Node pool, Graph graph) {
    var xt = graph.typeOf(head.input(0));
    var wt = graph.typeOf(head.input(1));
    if (xt.isEmpty() || wt.isEmpty() || xt.get().shape().length != wt.get().shape().length) {
      return null;
    }
    int[] xs = xt.get().shape();
    int[] ws = wt.get().shape();
    ConvGeometry geo = ConvGeometry.forward(head, graph, Arrays.copyOfRange(ws, 2, ws.length));
    return SmallChannelConv.applies(target, xs.length, ws[1], geo, null)
        && !DepthwiseConv.applies(xs.length, xs[1], ws[0], ws[1], null)
        ? "the small-channel template without the pool, then the pool in its own launch, is faster on this target"
        : null;
  }

  @Override
  public String poolNote(Node head, Node pool, Graph graph) {
    String p = fuseProblem(head, pool, graph);
    return p == null ? "fusable" : p;
  }

  /**
   * Why a pool cannot run in the conv's registers, or null when it can: its windows must tile the
   * conv output without overlap, gaps, dilation, padding or partial (ceil-mode) windows, so every
   * conv output is computed once and every window is whole (count_include_pad then changes nothing).
   */
  private static String fuseProblem(Node head, Node pool, Graph graph) {
    if (!isPool(pool)) {
      return pool.opType() + " is not a max or average pool";
    }
    if (pool.outputs().size() > 1 && !pool.output(1).isEmpty()) {
      return "the pool's Indices output is used";
    }
    ConvGeometry g = ConvGeometry.forward(pool, graph, null);
    String w = window(g);
    double recompute = 1;
    for (int a = 0; a < 3; a++) {
      recompute *= (double) g.kernel()[a] / g.strides()[a];
    }
    for (int a = 0; a < 3; a++) {
      if (g.dilations()[a] != 1) {
        return "dilated " + w + " windows; pooled in its own launch";
      }
      if (g.strides()[a] < g.kernel()[a]) {
        return String.format("overlapping %s windows would recompute %.3gx the conv outputs; pooled in its own launch",
            w, recompute);
      }
      if (g.strides()[a] > g.kernel()[a]) {
        return w + " windows leave gaps (stride above kernel); pooled in its own launch";
      }
      if (g.pads()[a] != 0 || g.out()[a] * g.kernel()[a] > g.in()[a]) {
        return w + " windows reach into padding or past the edge (pads or ceil_mode); pooled in its own launch";
      }
    }
    return null;
  }

  /** "; NODE not fused: why" when the conv's sole reader is a pool it does not take, else "". */
  private String unfusedPoolNote(Node head, String outputValue, LoweringContext ctx) {
    Graph graph = ctx.graph();
    Node reader = soleReader(graph, outputValue);
    if (reader == null || !isPool(reader)) {
      return "";
    }
    String apart = canFusePool(head, reader, graph) ? poolBetterApartOn(ctx.target(), head, reader, graph) : null;
    return "; " + reader.name() + " not fused: " + (apart != null ? apart : poolNote(head, reader, graph));
  }

  static boolean isPool(Node n) {
    return OpRegistry.standard().is(n.opType(), OpDef::isConvEpiloguePool);
  }

  /** "3x3/2" (kernel / stride) over the op's own spatial axes. */
  static String window(ConvGeometry g) {
    StringBuilder k = new StringBuilder();
    StringBuilder s = new StringBuilder();
    boolean uniform = true;
    for (int a = 3 - g.rank(); a < 3; a++) {
      k.append(k.length() > 0 ? "x" : "").append(g.kernel()[a]);
      s.append(s.length() > 0 ? "x" : "").append(g.strides()[a]);
      uniform &= g.strides()[a] == g.strides()[2];
    }
    return k + "/" + (uniform ? String.valueOf(g.strides()[2]) : s.toString());
  }

  static String stepNames(List<ChainStep> steps) {
    List<String> names = new ArrayList<>();
    steps.forEach(s -> names.add(s.node().opType()));
    return String.join(", ", names);
  }

  static void axes(Map<String, String> defines, String prefix, int[] v) {
    defines.put(prefix + "D", String.valueOf(v[0]));
    defines.put(prefix + "H", String.valueOf(v[1]));
    defines.put(prefix + "W", String.valueOf(v[2]));
  }

  private static Node soleReader(Graph graph, String value) {
    Node found = null;
    for (Node n : graph.nodes()) {
      if (n.inputs().contains(value)) {
        if (found != null) {
          return null;
        }
        found = n;
      }
    }
    return found;
  }
}
