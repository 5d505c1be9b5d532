package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ConvTranspose with bias and fused element steps as one launch of conv/conv_transpose.cl (after
 * the weight pack): each output gathers the inputs its taps come from, so no two work-items
 * write one output.
 */
final class ConvTransposeLowering implements Lowering {
  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    if (pool != null) {
      throw new IllegalStateException(head.describe() + ": a pool was fused though this kernel takes none");
    }
    Graph graph = ctx.graph();
    if (ConvBlocking.isEmpty(graph, outputValue)) {
      return;
    }
    int[] xs = ConvGeometry.shape(graph, head.input(0));
    int[] ws = ConvGeometry.shape(graph, head.input(1));
    int rank = xs.length;
    ConvGeometry geo = ConvGeometry.transposed(head, graph);
    int n = xs[0];
    int c = xs[1];
    int mg = ws[1];
    int groups = Math.toIntExact(head.intAttr("group", 1));
    int cg = c / groups;
    int vw = ConvBlocking.channels(ctx.target(), mg);
    int nv = ConvBlocking.vectors(ctx.target(), mg, vw, (long) n * groups * geo.outPlane() / 8);
    int ocb = vw * nv;
    int mBlocks = ConvBlocking.ceil(mg, ocb);
    int[] out = geo.out();
    int xb = ConvBlocking.width(out[2], ConvBlocking.maxWidth(ctx.target(), vw, nv, geo.taps()));
    int xBlocks = ConvBlocking.ceil(out[2], xb);

    EpilogueWriter.Written epi = EpilogueWriter.write(graph, head.output(0), epilogue, rank, "epilogue");
    boolean bias = head.hasInput(2);
    Map<String, String> defines = new LinkedHashMap<>();
    defines.put("VW", String.valueOf(vw));
    defines.put("NV", String.valueOf(nv));
    defines.put("XB", String.valueOf(xb));
    ConvLowering.axes(defines, "K", geo.kernel());
    ConvLowering.axes(defines, "S", geo.strides());
    ConvLowering.axes(defines, "D", geo.dilations());
    defines.put("HAS_BIAS", KernelText.flag(bias));
    KernelText.Built built = KernelText.build("conv_transpose", defines, epi, ConvBlocking.epiMacro(epi, rank),
        List.of("conv/common.cl", "conv/conv_transpose.cl"));

    List<String> nodes = new ArrayList<>(head.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    int taps = geo.taps();
    int weights = WeightPacking.packed(ctx, WeightPacking.transposed(head.input(1), mg, cg, taps), groups, mg,
        mBlocks, cg, taps, ocb);
    int y = ctx.buffer(outputValue);
    List<KernelArg> args = ConvArgs.leading(ctx, head, weights, y);
    for (int v : new int[] {c, groups, cg, mg, mBlocks}) {
      args.add(new KernelArg.Int(v));
    }
    for (int[] v : new int[][] {geo.in(), out, geo.pads()}) {
      for (int a : v) {
        args.add(new KernelArg.Int(a));
      }
    }
    epi.extraValues().forEach(v -> args.add(new KernelArg.Buffer(ctx.buffer(v))));
    long[] global = {xBlocks, (long) out[0] * out[1], (long) n * groups * mBlocks};
    String note = "conv transpose " + ConvLowering.window(geo) + " (gather form): " + ConvBlocking.describe(vw, nv, xb) + (epilogue.isEmpty() ? "" : "; epilogue " + ConvLowering.stepNames(epilogue));
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(), nodes, List.of(y), note);
  }
}
