package cnnx.host.device.aparapi.lower;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers a compiled graph (front end, folded batch norms, fused conv blocks) into the steps the Aparapi kernels
 * run. A fused block's contraction takes its residual Add and activation as the kernel's epilogue; the rest of a
 * block runs as the steps its nodes lower to. A node no kernel can express is collected, and all of them are
 * reported together as one {@link UnsupportedModelException}.
 */
public final class ModelLowering {
  /** The steps in order, the float constants they read, and each named value's (static) type. */
  public record Lowered(List<Step> steps, Map<String, float[]> constants, Map<String, TensorType> types) {}

  private ModelLowering() {}

  /** Whether a conv block may take this pool: its windows tile the conv output (see {@link TilingPool}). */
  public static boolean isTilingPool(Node pool) {
    return TilingPool.of(pool).isPresent();
  }

  /** Whether an element-wise op has a kernel here (fusion keeps only those in conv blocks). */
  public static boolean hasElementKernel(String opType) {
    return ElementLowering.handles(opType);
  }

  public static Lowered lower(Graph g) {
    LoweringContext ctx = new LoweringContext(g);
    List<Step> steps = new ArrayList<>();
    java.util.Set<String> problems = new java.util.LinkedHashSet<>();
    for (Node n : g.nodes()) {
      if (n.opType().equals(FusedOp.OP_TYPE)) {
        ctx.addTypes(FusedOp.bodyTypes(n, ctx.types(), g.initializers()));
        steps.addAll(block(n.nodesAttr("body"), ctx, problems));
      } else {
        lowerNode(n, ctx, problems).ifPresent(steps::addAll);
      }
    }
    for (var in : g.inputs()) {
      if (!g.isConstant(in.name()) && !in.type().dtype().isFloating()) {
        problems.add("graph input '" + in.name() + "' is " + in.type().dtype()
            + " (the Aparapi kernels compute on float32)");
      }
    }
    if (!problems.isEmpty()) {
      throw new UnsupportedModelException("the aparapi device cannot run this model: " + String.join("; ", problems));
    }
    Map<String, float[]> constants = new HashMap<>();
    g.initializers().forEach((name, t) -> {
      if (t.dtype().isFloating()) {
        constants.put(name, t.floats());
      }
    });
    Map<String, TensorType> types = new LinkedHashMap<>();
    ctx.types().forEach((name, t) -> {
      if (t.isStatic()) {
        types.put(name, t);
      }
    });
    return new Lowered(List.copyOf(steps), constants, types);
  }

  private static Optional<List<Step>> lowerNode(Node n, LoweringContext ctx, java.util.Collection<String> problems) {
    try {
      ctx.requireFloat(n);
      return Optional.of(NodeLowering.lower(n, ctx));
    } catch (Unsupported u) {
      problems.add(n.opType() + " '" + n.name() + "': " + u.getMessage());
      return Optional.empty();
    } catch (UnsupportedModelException e) {
      problems.add(n.opType() + " '" + n.name() + "': " + e.getMessage());
      return Optional.empty();
    }
  }

  /** A fused block: the contraction with its epilogue in one launch, then whatever the block holds after it. */
  private static List<Step> block(List<Node> body, LoweringContext ctx, java.util.Collection<String> problems) {
    List<Step> steps = new ArrayList<>();
    Node head = body.get(0);
    int next = 0;
    if (ContractionLowering.handles(head.opType())) {
      try {
        ctx.requireFloat(head);
        List<String> nodes = new ArrayList<>(List.of(head.name()));
        String out = head.output(0);
        String residual = null;
        next = 1;
        if (head.opType().equals("Conv") && next < body.size() && isResidualAdd(body, next, out, ctx)) {
          Node add = body.get(next);
          residual = add.input(0).equals(out) ? add.input(1) : add.input(0);
          out = add.output(0);
          nodes.add(add.name());
          next++;
        }
        Epilogue epilogue = Epilogue.NONE;
        if (next < body.size() && ElementLowering.isActivation(body.get(next))
            && body.get(next).input(0).equals(out) && usesIn(body, out) == 1) {
          Node act = body.get(next);
          ctx.requireFloat(act);
          UnaryStep u = ElementLowering.unary(act, ctx, List.of()).orElseThrow();
          epilogue = new Epilogue(u.op(), u.a(), u.b());
          out = act.output(0);
          nodes.add(act.name());
          next++;
        }
        Step contraction = ContractionLowering.lower(head, ctx, List.copyOf(nodes), residual, epilogue, out);
        if (contraction instanceof ConvStep conv && next < body.size() && body.get(next).input(0).equals(out)
            && usesIn(body, out) == 1 && TilingPool.of(body.get(next)).isPresent()) {
          Node pool = body.get(next);
          nodes.add(pool.name());
          contraction = new ConvPoolStep(List.copyOf(nodes), conv, TilingPool.of(pool).get(),
              pool.opType().equals("AveragePool"), pool.output(0));
          next++;
        }
        steps.add(contraction);
      } catch (Unsupported u) {
        problems.add(head.opType() + " '" + head.name() + "': " + u.getMessage());
        return steps;
      }
    }
    for (int i = next; i < body.size(); i++) {
      lowerNode(body.get(i), ctx, problems).ifPresent(steps::addAll);
    }
    return steps;
  }

  /** An Add of the conv's output (read nowhere else) and another run-time value of the same shape. */
  private static boolean isResidualAdd(List<Node> body, int at, String convOut, LoweringContext ctx) {
    Node add = body.get(at);
    if (!add.opType().equals("Add") || add.inputs().size() != 2 || usesIn(body, convOut) != 1) {
      return false;
    }
    String other;
    if (add.input(0).equals(convOut)) {
      other = add.input(1);
    } else if (add.input(1).equals(convOut)) {
      other = add.input(0);
    } else {
      return false;
    }
    if (other.equals(convOut) || ctx.isConstant(other)) {
      return false;
    }
    TensorType t = ctx.type(other);
    TensorType o = ctx.type(convOut);
    return t.dtype().isFloating() && t.isStatic() && o.isStatic()
        && java.util.Arrays.equals(t.shape(), o.shape()) && java.util.Arrays.equals(ctx.type(add.output(0)).shape(),
            o.shape());
  }

  private static int usesIn(List<Node> body, String value) {
    int uses = 0;
    for (Node n : body) {
      for (String v : n.inputs()) {
        if (v.equals(value)) {
          uses++;
        }
      }
    }
    return uses;
  }
}
