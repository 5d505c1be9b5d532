package cnnx.compiler.pass;

import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups each contraction (Conv, ConvTranspose, Gemm, MatMul: category OUT_ELEMENTWISE_FUSABLE)
 * with the element-wise and broadcast ops that follow it (bias is the contraction's own; then
 * activations, a residual Add, PRelu, ...) and, when the kernel can, a following pool, into one
 * {@code cnnx.Fused} node: one launch per conv block. A depthwise conv's block and the 1x1 conv that alone reads it
 * (with its own steps) join as one separable block where the policy allows. Element chains without a contraction
 * fuse among themselves. Keys on op categories, never on hand-listed pairs.
 *
 * <p>A step joins a group when: it reads the group's current value, that value has no other
 * reader and is not a graph output, the step's output has the same shape as that value (so one
 * work-item computes both), and the target has an element kernel for it.
 */
public final class FuseConvBlocks implements Pass {
  /**
   * The most nodes one fused kernel covers: a longer element chain becomes several kernels, so a
   * chain of 100,000 ops is not one megabyte of straight-line code for the device compiler.
   */
  static final int MAX_STEPS = 64;

  private final OpRegistry registry;
  private final FusionPolicy policy;

  public FuseConvBlocks(FusionPolicy policy) {
    this(OpRegistry.standard(), policy);
  }

  public FuseConvBlocks(OpRegistry registry, FusionPolicy policy) {
    this.registry = registry;
    this.policy = policy;
  }

  @Override
  public String name() {
    return "fuse-conv-blocks";
  }

  private OpCategory category(Node n) {
    return registry.find(n.opType()).map(op -> op.category()).orElse(OpCategory.OPAQUE);
  }

  private boolean isElementStep(Node n) {
    OpCategory c = category(n);
    return (c == OpCategory.ELEMENTWISE || c == OpCategory.BROADCAST) && n.outputs().size() == 1
        && policy.hasElementKernel(n.opType());
  }

  @Override
  public Graph apply(Graph graph) {
    Map<String, Integer> uses = graph.useCounts();
    Set<String> graphOutputs = new HashSet<>();
    graph.outputs().forEach(o -> graphOutputs.add(o.name()));
    Map<String, List<Node>> readers = new HashMap<>();
    for (Node n : graph.nodes()) {
      for (String in : new LinkedHashSet<>(n.inputs())) {
        if (!in.isEmpty()) {
          readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
    Set<Node> absorbed = new HashSet<>();
    Map<Node, Node> fusedAt = new HashMap<>();
    for (Node head : graph.nodes()) {
      if (absorbed.contains(head) || head.outputs().size() != 1) {
        continue;
      }
      boolean contraction = category(head) == OpCategory.OUT_ELEMENTWISE_FUSABLE;
      if (!contraction && !isElementStep(head)) {
        continue;
      }
      List<Node> body = new ArrayList<>(List.of(head));
      String current = extendChain(graph, body, head.output(0), uses, graphOutputs, readers, absorbed);
      if (contraction) {
        // a second contraction that alone reads the block (a depthwise conv's 1x1), then its own steps
        Node next = soleReader(current, uses, graphOutputs, readers);
        if (next != null && !absorbed.contains(next) && category(next) == OpCategory.OUT_ELEMENTWISE_FUSABLE
            && next.outputs().size() == 1 && policy.canJoinContraction(head, body.subList(1, body.size()), next, graph)) {
          body.add(next);
          current = extendChain(graph, body, next.output(0), uses, graphOutputs, readers, absorbed);
          absorbed.addAll(body);
          fusedAt.put(head, fused(body, current));
          continue;
        }
      }
      if (contraction) {
        Node next = soleReader(current, uses, graphOutputs, readers);
        if (next != null && isEpiloguePool(next) && policy.canFusePool(head, next, graph)) {
          body.add(next);
          current = next.output(0);
        }
      }
      if (body.size() == 1) {
        continue;
      }
      absorbed.addAll(body);
      fusedAt.put(head, fused(body, current));
    }
    if (fusedAt.isEmpty()) {
      return graph;
    }
    List<Node> nodes = new ArrayList<>();
    for (Node n : graph.nodes()) {
      if (fusedAt.containsKey(n)) {
        nodes.add(fusedAt.get(n));
      } else if (!absorbed.contains(n)) {
        nodes.add(n);
      }
    }
    // Reorder: a fused node sits at its head's place but may read values produced later in
    // file order (e.g. a residual branch); the interpreter and codegen need a topological order.
    return new InferShapes(registry).apply(graph.withNodes(TopologicalOrder.sort(nodes, graph)));
  }

  /** Adds the element steps that follow {@code current} to {@code body}; returns the last value. */
  private String extendChain(Graph graph, List<Node> body, String current, Map<String, Integer> uses,
      Set<String> graphOutputs, Map<String, List<Node>> readers, Set<Node> absorbed) {
    while (body.size() < MAX_STEPS) {
      Node next = soleReader(current, uses, graphOutputs, readers);
      if (next == null || absorbed.contains(next) || !isElementStep(next) || !sameShape(graph, current, next.output(0))) {
        break;
      }
      body.add(next);
      current = next.output(0);
    }
    return current;
  }

  /** A pool the conv kernel can take, whose Indices output (if any) nothing reads. */
  private boolean isEpiloguePool(Node n) {
    return registry.is(n.opType(), OpDef::isConvEpiloguePool)
        && (n.outputs().size() == 1 || n.output(1).isEmpty());
  }

  private static Node soleReader(String value, Map<String, Integer> uses, Set<String> graphOutputs,
      Map<String, List<Node>> readers) {
    if (uses.getOrDefault(value, 0) != 1 || graphOutputs.contains(value)) {
      return null;
    }
    List<Node> r = readers.getOrDefault(value, List.of());
    return r.size() == 1 ? r.get(0) : null;
  }

  private static boolean sameShape(Graph g, String a, String b) {
    TensorType ta = g.typeOf(a).orElse(null);
    TensorType tb = g.typeOf(b).orElse(null);
    return ta != null && tb != null && ta.isStatic() && tb.isStatic()
        && java.util.Arrays.equals(ta.shape(), tb.shape()) && ta.dtype() == tb.dtype();
  }

  /** The fused node: external inputs in first-use order, the last step's output. */
  static Node fused(List<Node> body, String output) {
    Set<String> internal = new HashSet<>();
    LinkedHashSet<String> external = new LinkedHashSet<>();
    for (Node n : body) {
      for (String in : n.inputs()) {
        if (!in.isEmpty() && !internal.contains(in)) {
          external.add(in);
        }
      }
      internal.addAll(n.outputs());
    }
    return Node.of(body.get(0).name(), FusedOp.OP_TYPE, new ArrayList<>(external), List.of(output),
        List.of(Attribute.ofNodes("body", body)));
  }
}
