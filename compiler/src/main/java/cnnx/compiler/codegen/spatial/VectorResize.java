package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ops.tensor.ResizeAttributes;
import cnnx.compiler.ops.tensor.ResizePlan;
import cnnx.compiler.ops.tensor.ResizeTaps;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Resize of a 4-D float tensor's last two axes (up-sampling in segmentation and detection nets) as
 * layout/resize_rows.cl: a work-item walks one output row in float vectors, its row taps fixed and its column taps
 * read from tables as vectors. The element kernel it replaces turned every output's flat index into coordinates and
 * read four tables per tap: a 2x bilinear up-sampling of 16x32x32 took 0.29-0.45 ms there. The tables are the
 * reference's ({@link ResizeTaps}), so every mode, coordinate transform and rounding it knows comes out the same;
 * crop-and-resize outputs outside the roi (the extrapolation value) and resized batch or channel axes stay with
 * the element kernel.
 */
public final class VectorResize {
  private VectorResize() {}

  /** Lowers the node when it fits and says whether it did. */
  public static boolean lower(Node node, LoweringContext ctx) {
    Graph graph = ctx.graph();
    if (!node.opType().equals("Resize")) {
      return false;
    }
    if (!VectorMaxPool.staticFloat4d(graph, node)) {
      return false;
    }
    int[] in = graph.typeOf(node.input(0)).orElseThrow().shape();
    int[] out = graph.typeOf(node.output(0)).orElseThrow().shape();
    if (Arrays.stream(in).anyMatch(d -> d == 0) || Arrays.stream(out).anyMatch(d -> d == 0)) {
      return false;
    }
    ResizeAttributes a = ResizeAttributes.parse(node, in.length);
    float[] roi = a.cropAndResize() ? floats(graph, node, 1) : null;
    float[] scales = floats(graph, node, 2);
    long[] sizes = longs(graph, node, 3);
    if ((a.cropAndResize() && roi == null) || (present(graph, node, 2) && scales == null)
        || (present(graph, node, 3) && sizes == null)) {
      return false; // steering inputs computed at run time: the element kernel refuses them clearly
    }
    List<Dim> dims = new ArrayList<>();
    for (int d : in) {
      dims.add(Dim.of(d));
    }
    ResizePlan plan = ResizePlan.of(node, a, dims, roi, scales, sizes);
    ResizeTaps[] taps = new ResizeTaps[4];
    for (int k = 0; k < 4; k++) {
      taps[k] = ResizeTaps.of(a, in[k], out[k], plan.scales()[k], plan.roiStart()[k], plan.roiEnd()[k]);
      for (int o = 0; o < out[k]; o++) {
        if (taps[k].outside(o)) {
          return false;
        }
      }
    }
    if (!taps[0].isIdentity(in[0]) || !taps[1].isIdentity(in[1])) {
      return false;
    }
    boolean nearest = taps[2].taps() == 1 && taps[3].taps() == 1;
    int vw = VectorMaxPool.vectorWidth(ctx.target(), out[3]);
    Map<String, String> defines = ConvBlocking.alongX(vw);
    defines.put("HAS_BIAS", "0");
    defines.put("TY", String.valueOf(taps[2].taps()));
    defines.put("TX", String.valueOf(taps[3].taps()));
    defines.put("NEAREST", nearest ? "1" : "0");
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, node.output(0), List.of(), 4, "epilogue");
    KernelText.Built built = KernelText.build("resize_rows", defines, epi, ConvBlocking.epiMacro(epi, 4),
        List.of("conv/common.cl", "layout/resize_rows.cl"));
    int y = ctx.buffer(node.output(0));
    List<KernelArg> args = new ArrayList<>();
    args.add(new KernelArg.Buffer(ctx.buffer(node.input(0))));
    addTables(ctx, node.name() + " rows", taps[2], out[2], args);
    addTables(ctx, node.name() + " columns", taps[3], out[3], args);
    args.add(new KernelArg.Buffer(y));
    for (int v : new int[] {in[2], in[3], out[2], out[3]}) {
      args.add(new KernelArg.Int(v));
    }
    long[] global = {1, out[2], (long) out[0] * out[1]};
    String note = "resize " + in[2] + "x" + in[3] + " -> " + out[2] + "x" + out[3] + ", " + taps[2].taps() + "x"
        + taps[3].taps() + " taps: float" + vw + " along x per work-item, taps from tables";
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(),
        new ArrayList<>(node.sourceNodes()), List.of(y), note);
    return true;
  }

  /** The axis's input indices and weights as constant buffers, tap-major ({@code [t * len + o]}). */
  private static void addTables(LoweringContext ctx, String hint, ResizeTaps taps, int len, List<KernelArg> args) {
    int n = taps.taps();
    long[] index = new long[n * len];
    float[] weight = new float[n * len];
    for (int o = 0; o < len; o++) {
      for (int t = 0; t < n; t++) {
        index[t * len + o] = taps.index(o, t);
        weight[t * len + o] = (float) taps.weight(o, t);
      }
    }
    args.add(new KernelArg.Buffer(ctx.constant(hint + " index", Tensor.ofLongs(new int[] {n * len}, index))));
    args.add(new KernelArg.Buffer(ctx.constant(hint + " weight", Tensor.ofFloats(new int[] {n * len}, weight))));
  }

  private static boolean present(Graph graph, Node node, int i) {
    if (!node.hasInput(i)) {
      return false;
    }
    return graph.typeOf(node.input(i)).map(t -> !t.isStatic() || Arrays.stream(t.shape()).reduce(1, (p, d) -> p * d) > 0)
        .orElse(true);
  }

  /** A present constant input's floats; null when absent, empty or not constant. */
  private static float[] floats(Graph graph, Node node, int i) {
    Tensor t = present(graph, node, i) ? graph.initializers().get(node.input(i)) : null;
    return t == null || !t.isFloating() ? null : t.floats();
  }

  private static long[] longs(Graph graph, Node node, int i) {
    Tensor t = present(graph, node, i) ? graph.initializers().get(node.input(i)) : null;
    return t == null || t.isFloating() ? null : t.longs();
  }
}
