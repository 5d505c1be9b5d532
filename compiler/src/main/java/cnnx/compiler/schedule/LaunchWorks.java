package cnnx.compiler.schedule;

import cnnx.boards.fpga.ConvShape;
import cnnx.compiler.analysis.LayerCost;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.Cost;
import cnnx.compiler.ops.fused.FusedOp;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives {@link LaunchWork} from a compiled plan and the graph it was generated from: MACs from the compiled
 * nodes each launch implements (a node's MACs go to its first launch), bytes from the plan's buffers. A load-time
 * launch does no work per run, and what it computes is read as a constant is.
 */
public final class LaunchWorks {
  private LaunchWorks() {}

  public static List<LaunchWork> of(Graph compiled, Plan plan) {
    Map<String, Node> bySource = new LinkedHashMap<>();
    for (Node n : compiled.nodes()) {
      n.sourceNodes().forEach(s -> bySource.putIfAbsent(s, n));
    }
    Set<String> counted = new HashSet<>();
    Set<Integer> loaded = new HashSet<>(plan.constants().keySet());
    List<LaunchWork> works = new ArrayList<>();
    for (int i = 0; i < plan.launches().size(); i++) {
      Launch l = plan.launches().get(i);
      if (plan.isLoadTime(i)) {
        loaded.addAll(l.outputs());
        works.add(new LaunchWork(i, l.kernelName(), family(l.kernelName()), l.onnxNodes(), 0, 0, 0, List.of(),
            List.of(), Optional.empty()));
        continue;
      }
      long macs = 0;
      Optional<ConvShape> conv = Optional.empty();
      boolean first = true;
      for (String source : l.onnxNodes()) { // a task launch computes several compiled nodes
        Node node = bySource.get(source);
        if (node != null && counted.add(node.name())) {
          macs += LayerCost.cost(compiled, node).map(Cost::macs).orElse(0L);
          conv = first ? convShape(compiled, node) : Optional.empty();
          first = false;
        }
      }
      works.add(work(i, l, plan, loaded, macs, conv));
    }
    return works;
  }

  private static LaunchWork work(int index, Launch l, Plan plan, Set<Integer> constants, long macs,
      Optional<ConvShape> conv) {
    Set<Integer> seen = new HashSet<>();
    long read = 0;
    long written = 0;
    List<LaunchWork.Value> consumes = new ArrayList<>();
    List<LaunchWork.Value> produces = new ArrayList<>();
    for (KernelArg a : l.args()) {
      if (!(a instanceof KernelArg.Buffer b) || !seen.add(b.bufferId())) {
        continue;
      }
      BufferSpec spec = plan.buffers().get(b.bufferId());
      if (l.outputs().contains(b.bufferId())) {
        written += spec.bytes();
        produces.add(new LaunchWork.Value(spec.value(), spec.bytes()));
      } else {
        read += spec.bytes();
        if (!constants.contains(b.bufferId())) {
          consumes.add(new LaunchWork.Value(spec.value(), spec.bytes()));
        }
      }
    }
    return new LaunchWork(index, l.kernelName(), family(l.kernelName(), conv), l.onnxNodes(), macs, read, written,
        consumes, produces, conv);
  }

  /** "conv_d0378ad3f6" → "conv", "gemm_dot_8d69bf835b" → "gemm_dot". */
  static String family(String kernel) {
    int cut = kernel.lastIndexOf('_');
    return cut > 0 && kernel.length() - cut == 11 ? kernel.substring(0, cut) : kernel;
  }

  /**
   * The family, with convolutions told apart by what bounds them: a depthwise conv does one MAC per loaded
   * value and a 1×1 conv has no window reuse, so each reaches a very different fraction of the roofline than a
   * dense k×k conv even when one kernel template runs all three.
   */
  static String family(String kernel, Optional<ConvShape> conv) {
    String base = family(kernel);
    if (conv.isEmpty() || conv.get().isFullyConnected()) {
      return base;
    }
    ConvShape c = conv.get();
    if (c.groups() > 1) {
      return base + "/depthwise";
    }
    return base + (c.kernel() == 1 ? "/1x1" : "/kxk");
  }

  /** The Conv or Gemm a node computes (its fused body's first contraction), as a conv engine layer. */
  static Optional<ConvShape> convShape(Graph g, Node node) {
    List<Node> body = FusedOp.OP_TYPE.equals(node.opType()) ? node.nodesAttr("body") : List.of(node);
    if (body.stream().filter(n -> n.opType().equals("Conv")).count() > 1) {
      return Optional.empty(); // a separable block is two layers, no one conv engine layer
    }
    for (Node n : body) {
      if (n.opType().equals("Conv")) {
        Optional<int[]> x = Cost.shape(g, n.input(0));
        Optional<int[]> w = Cost.shape(g, n.input(1));
        Optional<int[]> y = Cost.shape(g, n.output(0));
        if (x.isEmpty() || w.isEmpty() || y.isEmpty() || x.get().length != 4) {
          return Optional.empty();
        }
        int groups = (int) n.intAttr("group", 1);
        long[] strides = n.has("strides") ? n.intsAttr("strides") : new long[] {1, 1};
        long[] pads = n.has("pads") ? n.intsAttr("pads") : new long[] {0, 0, 0, 0};
        int[] xs = x.get();
        int[] ws = w.get();
        return Optional.of(new ConvShape(n.name(), xs[1], ws[0], ws[2], (int) strides[0], (int) pads[0], xs[2],
            xs[3], groups));
      }
      if (n.opType().equals("Gemm") || n.opType().equals("MatMul")) {
        Optional<int[]> w = Cost.shape(g, n.input(1));
        if (w.isEmpty() || w.get().length != 2) {
          return Optional.empty();
        }
        boolean transB = n.intAttr("transB", 0) != 0;
        int[] ws = w.get();
        return Optional.of(ConvShape.fullyConnected(n.name(), transB ? ws[1] : ws[0], transB ? ws[0] : ws[1]));
      }
    }
    return Optional.empty();
  }
}
