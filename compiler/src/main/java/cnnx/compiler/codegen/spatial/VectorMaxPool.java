package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A 2-D MaxPool on its own (the overlapping ones a conv cannot take) as conv/maxpool.cl: the
 * element kernel spends most of its time turning each output's flat index into coordinates; this
 * one takes a float vector of outputs along x per work-item and folds NaN as the reference does.
 * Other ranks, other types and the Indices output stay with the element kernel.
 */
public final class VectorMaxPool {
  private VectorMaxPool() {}

  /** Lowers the node when it fits (2-D float MaxPool, no Indices output) and says whether it did. */
  public static boolean lower(Node node, LoweringContext ctx) {
    Graph graph = ctx.graph();
    if (!node.opType().equals("MaxPool") || (node.outputs().size() > 1 && !node.output(1).isEmpty())) {
      return false;
    }
    if (!staticFloat4d(graph, node)) {
      return false;
    }
    int[] x = graph.typeOf(node.input(0)).orElseThrow().shape();
    int[] y = graph.typeOf(node.output(0)).orElseThrow().shape();
    for (int d : y) {
      if (d == 0) {
        return true; // nothing to compute, no launch
      }
    }
    PoolGeometry g = PoolGeometry.of(node, x, y);
    int vw = vectorWidth(ctx.target(), y[3]);
    Map<String, String> defines = ConvBlocking.alongX(vw);
    defines.put("HAS_BIAS", "0");
    defines.put("KH", String.valueOf(g.kernel()[0]));
    defines.put("KW", String.valueOf(g.kernel()[1]));
    defines.put("SH", String.valueOf(g.strides()[0]));
    defines.put("SW", String.valueOf(g.strides()[1]));
    defines.put("DH", String.valueOf(g.dilations()[0]));
    defines.put("DW", String.valueOf(g.dilations()[1]));
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, node.output(0), List.of(), 4, "epilogue");
    KernelText.Built built = KernelText.build("maxpool_vec", defines, epi, ConvBlocking.epiMacro(epi, 4),
        List.of("conv/common.cl", "conv/rows.cl", "conv/lanes.cl", "conv/maxpool.cl"));
    int out = ctx.buffer(node.output(0));
    List<KernelArg> args = new ArrayList<>();
    args.add(new KernelArg.Buffer(ctx.buffer(node.input(0))));
    args.add(new KernelArg.Buffer(out));
    for (long v : new long[] {x[2], x[3], y[2], y[3], g.padBegin()[0], g.padBegin()[1]}) {
      args.add(new KernelArg.Int((int) v));
    }
    long[] global = {1, y[2], (long) y[0] * y[1]};
    String note = "max pool " + g.kernel()[0] + "x" + g.kernel()[1] + "/" + g.strides()[1] + ": float" + vw
        + " along x per work-item";
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(),
        new ArrayList<>(node.sourceNodes()), List.of(out), note);
    return true;
  }

  /** Whether the node reads a 4-D float tensor and writes one, both of static shape: what the row kernels take. */
  static boolean staticFloat4d(Graph graph, Node node) {
    TensorType xt = graph.typeOf(node.input(0)).orElse(null);
    TensorType yt = graph.typeOf(node.output(0)).orElse(null);
    return xt != null && yt != null && xt.isStatic() && yt.isStatic() && xt.rank() == 4
        && xt.dtype() == DataType.FLOAT;
  }

  /**
   * Eight outputs per work-item where the target's vectors hold eight, else four: on PoCL (AVX-512)
   * float8 beat float16 on every pool measured (3x3/2 and 3x3/1, rows of 13 to 112), as a stride-2
   * float16 gather shuffles across the whole register and wide blocks waste more of short rows.
   */
  static int vectorWidth(cnnx.boards.Target t, int outWidth) {
    return t.simdWidth() >= 8 && outWidth > 4 ? 8 : 4;
  }
}
