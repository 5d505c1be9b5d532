package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.codegen.spatial.KernelText;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A float Transpose that leaves its last axes in place, as runs of contiguous floats (layout/transpose_blocks.cl):
 * a channel shuffle moves whole planes. ShuffleNet's 16 shuffles took 0.10-0.56 ms each as element kernels.
 * Other transposes, and runs shorter than one vector, stay with the element kernel.
 */
public final class BlockTranspose {
  /** Outer axes the template takes (after the kept trailing axes are merged into one run). */
  static final int MAX_OUTER = 6;
  private static final int MIN_RUN = 16;

  private BlockTranspose() {}

  /** Lowers the node when it fits and says whether it did. */
  public static boolean lower(Node node, LoweringContext ctx) {
    if (!node.opType().equals("Transpose")) {
      return false;
    }
    Graph graph = ctx.graph();
    TensorType xt = graph.typeOf(node.input(0)).orElse(null);
    TensorType yt = graph.typeOf(node.output(0)).orElse(null);
    if (xt == null || yt == null || !xt.isStatic() || !yt.isStatic() || xt.dtype() != DataType.FLOAT) {
      return false;
    }
    int[] in = xt.shape();
    int rank = in.length;
    int[] perm = perm(node.intsAttr("perm"), rank);
    int outer = rank;
    while (outer > 0 && perm[outer - 1] == outer - 1) {
      outer--;
    }
    long run = 1;
    for (int k = outer; k < rank; k++) {
      run *= in[k];
    }
    long runs = 1;
    for (int k = 0; k < outer; k++) {
      runs *= in[k];
    }
    if (outer == rank || outer > MAX_OUTER || run < MIN_RUN || runs * run == 0) {
      return false;
    }
    long[] inStride = new long[outer];
    long s = 1;
    for (int k = outer - 1; k >= 0; k--) {
      inStride[k] = s;
      s *= in[k];
    }
    List<KernelArg> args = new ArrayList<>();
    args.add(new KernelArg.Buffer(ctx.buffer(node.input(0))));
    int out = ctx.buffer(node.output(0));
    args.add(new KernelArg.Buffer(out));
    args.add(new KernelArg.Long(run));
    int pad = MAX_OUTER - outer;
    for (int k = 0; k < MAX_OUTER; k++) {
      args.add(new KernelArg.Long(k < pad ? 1 : in[perm[k - pad]]));
    }
    for (int k = 0; k < MAX_OUTER; k++) {
      args.add(new KernelArg.Long(k < pad ? 0 : inStride[perm[k - pad]]));
    }
    EpilogueWriter.Written none = EpilogueWriter.write(graph, node.output(0), List.of(), rank, "epilogue");
    KernelText.Built built = KernelText.build("transpose_blocks", Map.of(), none, "(v) (v)",
        List.of("layout/transpose_blocks.cl"));
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, new long[] {runs}, null,
        node.sourceNodes(), List.of(out), "transpose of " + runs + " runs of " + run + " contiguous floats (the last "
            + (rank - outer) + " axes stay in place)");
    return true;
  }

  /** ONNX's perm, or the reversed axes where it is absent. */
  private static int[] perm(long[] attr, int rank) {
    int[] p = new int[rank];
    for (int k = 0; k < rank; k++) {
      p[k] = attr == null ? rank - 1 - k : (int) attr[k];
    }
    return p;
  }
}
