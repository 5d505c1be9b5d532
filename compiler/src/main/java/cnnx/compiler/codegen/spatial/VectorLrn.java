package cnnx.compiler.codegen.spatial;

import cnnx.boards.DeviceKind;
import cnnx.boards.Target;
import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.OpRegistry;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An LRN on its own as norm/lrn.cl: the element kernel gives every output a work-item that turns its
 * flat index into coordinates and re-reads its whole channel window; this one takes a float vector
 * of pixels per work-item and walks the channels, each input read once. Float tensors of rank 3 and
 * up with windows of at most {@link #MAX_SIZE} channels; others stay with the element kernel.
 */
public final class VectorLrn {
  /** The window lives in 2 x SIZE vector registers. */
  static final int MAX_SIZE = 16;
  /** Work-items a CPU target gets at least, splitting the channels when the pixels alone give fewer. */
  private static final int CPU_ITEMS = 64;

  private VectorLrn() {}

  /** Lowers the node when it fits and says whether it did. */
  public static boolean lower(Node node, LoweringContext ctx) {
    Graph graph = ctx.graph();
    if (!node.opType().equals("LRN")) {
      return false;
    }
    TensorType xt = graph.typeOf(node.input(0)).orElse(null);
    long size = node.intAttr("size", 0);
    if (xt == null || !xt.isStatic() || xt.rank() < 3 || xt.dtype() != DataType.FLOAT || size < 1
        || size > MAX_SIZE) {
      return false;
    }
    int[] x = xt.shape();
    long pixels = 1;
    for (int a = 2; a < x.length; a++) {
      pixels *= x[a];
    }
    if (pixels * x[1] * x[0] == 0) {
      return true; // nothing to compute, no launch
    }
    if (pixels * x[1] > Integer.MAX_VALUE) {
      return false; // an image's offsets would overflow the kernel's int indices
    }
    int planePixels = (int) pixels;
    int channels = x[1];
    Target t = ctx.target();
    int vw = t.simdWidth() >= 16 && planePixels >= 16 ? 16 : t.simdWidth() >= 8 && planePixels >= 8 ? 8 : 4;
    int pixelBlocks = ConvBlocking.ceil(planePixels, vw);
    int cb = channelBlock(t, channels, (long) pixelBlocks * x[0]);
    double alpha = OpRegistry.standard().floatAttr(node, "alpha");
    float beta = OpRegistry.standard().floatAttr(node, "beta");
    float bias = OpRegistry.standard().floatAttr(node, "bias");
    long before = (size - 1) / 2;
    Map<String, String> defines = new LinkedHashMap<>();
    defines.put("VW", String.valueOf(vw));
    defines.put("SIZE", String.valueOf(size));
    defines.put("BEFORE", String.valueOf(before));
    defines.put("CB", String.valueOf(cb));
    defines.put("K", ElementContext.floatLiteral((float) (alpha / size)));
    defines.put("BIAS", ElementContext.floatLiteral(bias));
    defines.put("POW(b)", pow(beta));
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, node.output(0), List.of(), 4, "epilogue");
    KernelText.Built built = KernelText.build("lrn_vec", defines, epi, ConvBlocking.epiMacro(epi, 4),
        List.of("norm/lrn.cl"));
    int out = ctx.buffer(node.output(0));
    List<KernelArg> args = new ArrayList<>();
    args.add(new KernelArg.Buffer(ctx.buffer(node.input(0))));
    args.add(new KernelArg.Buffer(out));
    args.add(new KernelArg.Int(channels));
    args.add(new KernelArg.Int(planePixels));
    long[] global = {pixelBlocks, ConvBlocking.ceil(channels, cb), x[0]};
    String note = "LRN size " + size + ": float" + vw + " of pixels x " + cb + " channels per work-item, window in registers";
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(),
        new ArrayList<>(node.sourceNodes()), List.of(out), note);
    return true;
  }

  /**
   * All the channels per work-item when the pixel blocks alone give the device enough work-items
   * (no window re-read at block edges); else blocks of at least 8 channels, fewer per work-item.
   */
  static int channelBlock(Target t, int channels, long items) {
    long wanted = t.kind() == DeviceKind.CPU ? CPU_ITEMS
        : (long) t.computeUnits() * Math.max(1, t.preferredWorkGroupSize()) * 2;
    if (items >= wanted) {
      return channels;
    }
    long blocks = (wanted + items - 1) / items;
    return (int) Math.max(Math.min(channels, 8), (channels + blocks - 1) / blocks);
  }

  /**
   * b^beta for the window's base b. sqrt is exact to the rounding, and AlexNet's and Inception's
   * beta 0.75 as sqrt(b) * sqrt(sqrt(b)) cost a fraction of exp2(beta * log2(b)), which the other
   * betas keep. A negative base (negative bias) gives NaN as the reference's pow does, except for
   * beta 1, where the reference keeps b.
   */
  static String pow(float beta) {
    if (beta == 0.75f) {
      return "(sqrt(b) * sqrt(sqrt(b)))";
    }
    if (beta == 0.5f) {
      return "sqrt(b)";
    }
    if (beta == 1f) {
      return "(b)";
    }
    return "exp2(" + ElementContext.floatLiteral(beta) + " * log2(b))";
  }
}
