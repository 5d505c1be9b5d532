package cnnx.compiler.interp;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.analysis.MemoryEstimate;
import cnnx.compiler.error.CnnxException;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.CheckedInference;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.control.SubgraphOp;
import cnnx.compiler.pass.BindInputShapes;
import cnnx.compiler.pass.InferShapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a graph node by node on the JVM with each op's reference semantics: the numerical ground
 * truth. Inputs are checked against the declared types (symbolic dims must bind consistently);
 * intermediate values are dropped after their last reader.
 */
public final class ReferenceInterpreter {
  /** Sees every node's inputs and outputs as it runs, for layer-by-layer checks. */
  @FunctionalInterface
  public interface NodeObserver {
    void onNode(Node node, List<Tensor> inputs, List<Tensor> outputs);
  }

  private final OpRegistry registry;
  private final MemoryBudget budget;

  public ReferenceInterpreter() {
    this(OpRegistry.standard());
  }

  public ReferenceInterpreter(OpRegistry registry) {
    this(registry, null);
  }

  /** @param budget the most memory a run may take (the JVM heap's free half bounds it too); null for the heap alone */
  public ReferenceInterpreter(OpRegistry registry, MemoryBudget budget) {
    this.registry = registry;
    this.budget = budget;
  }

  public Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs) {
    return run(graph, inputs, null);
  }

  /** Runs the graph; returns the graph outputs by name in declaration order. */
  public Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs, NodeObserver observer) {
    Map<String, Tensor> env = new HashMap<>(graph.initializers());
    checkInputs(graph, inputs);
    checkSizes(graph, inputs);
    env.putAll(inputs);
    Map<String, Integer> remaining = new HashMap<>(graph.useCounts());
    for (Node node : graph.nodes()) {
      OpDef op = registry.find(node.opType()).orElseThrow(() ->
          new UnsupportedModelException(node.describe() + ": no reference implementation"));
      List<Tensor> in = new ArrayList<>(node.inputs().size());
      for (String name : node.inputs()) {
        if (name.isEmpty()) {
          in.add(null);
          continue;
        }
        Tensor t = env.get(name);
        if (t == null) {
          throw new InvalidModelException(node.describe() + ": input '" + name + "' has no value");
        }
        in.add(t);
      }
      List<Tensor> out;
      try {
        // Sized before evaluating: refuses size bombs with type inference's own message.
        if (!(op instanceof SubgraphOp)) {
          CheckedInference.infer(op, new ConcreteContext(node, in));
        }
        Map<String, Tensor> scope = env;
        out = op instanceof SubgraphOp s ? s.evaluate(node, in, new Scope(scope)) : op.evaluate(node, in);
      } catch (CnnxException e) {
        throw e;
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException
          | IndexOutOfBoundsException | NegativeArraySizeException e) {
        throw new InvalidModelException(node.describe() + ": " + e.getMessage(), e);
      }
      if (out.size() < countNonEmpty(node.outputs())) {
        throw new IllegalStateException(node.describe() + " produced " + out.size() + " outputs");
      }
      for (int i = 0; i < node.outputs().size() && i < out.size(); i++) {
        if (!node.output(i).isEmpty()) {
          env.put(node.output(i), out.get(i));
        }
      }
      if (observer != null) {
        observer.onNode(node, in, out);
      }
      for (String name : node.inputs()) {
        if (!name.isEmpty() && remaining.merge(name, -1, Integer::sum) == 0
            && !graph.initializers().containsKey(name)) {
          env.remove(name);
        }
      }
    }
    Map<String, Tensor> result = new LinkedHashMap<>();
    for (ValueInfo o : graph.outputs()) {
      result.put(o.name(), env.get(o.name()));
    }
    return result;
  }

  /** Subgraphs run and typed in the enclosing scope: they see every value computed so far. */
  private final class Scope implements SubgraphOp.SubgraphRunner {
    private final Map<String, Tensor> values;

    Scope(Map<String, Tensor> values) {
      this.values = values;
    }

    @Override
    public List<Tensor> run(Graph sub, List<Tensor> inputs) {
      return runSubgraph(sub, inputs, values);
    }

    @Override
    public List<cnnx.compiler.ir.TensorType> types(Graph sub, List<cnnx.compiler.ir.TensorType> inputTypes) {
      Map<String, cnnx.compiler.ir.TensorType> outer = new HashMap<>();
      values.forEach((k, v) -> outer.put(k, v.type()));
      return new cnnx.compiler.pass.InferShapes(registry).subgraphOutputs(sub, inputTypes, outer, values);
    }
  }

  private List<Tensor> runSubgraph(Graph sub, List<Tensor> inputs, Map<String, Tensor> scope) {
    Map<String, Tensor> values = new HashMap<>(scope);
    values.putAll(sub.initializers());
    for (int i = 0; i < sub.inputs().size() && i < inputs.size(); i++) {
      values.put(sub.inputs().get(i).name(), inputs.get(i));
    }
    Graph scoped = sub.withInputs(List.of()).withInitializers(values);
    Map<String, Tensor> out = run(scoped, Map.of(), null);
    List<Tensor> result = new ArrayList<>();
    for (ValueInfo o : sub.outputs()) {
      result.add(out.get(o.name()));
    }
    return result;
  }

  /**
   * Types the graph for these inputs and checks every size and the peak memory before anything
   * runs: size bombs and doubling chains are refused here, not half-way through.
   */
  private void checkSizes(Graph graph, Map<String, Tensor> inputs) {
    Map<String, int[]> shapes = new HashMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    Graph typed = new InferShapes(registry).apply(BindInputShapes.exact(shapes).apply(graph));
    MemoryEstimate.Peak peak = MemoryEstimate.referencePeak(typed);
    if (budget != null) {
      budget.check("the reference run", peak.peakBytes(), peak.largest());
    }
    // A limit larger than the heap still cannot hold more than the heap: never an OutOfMemoryError half-way.
    MemoryBudget.jvmHeap().check("the reference run", peak.peakBytes(), peak.largest());
  }

  private static int countNonEmpty(List<String> names) {
    int n = 0;
    for (String s : names) {
      if (!s.isEmpty()) {
        n++;
      }
    }
    return n;
  }

  /** Every declared input present, of the declared element type, with dims that fit. */
  public static void checkInputs(Graph graph, Map<String, Tensor> inputs) {
    Map<String, Long> bound = new HashMap<>();
    for (ValueInfo in : graph.inputs()) {
      Tensor t = inputs.get(in.name());
      if (t == null) {
        throw new InvalidModelException("input '" + in.name() + "' of type " + in.type() + " was not given");
      }
      if (t.dtype() != in.type().dtype()) {
        throw new InvalidModelException("input '" + in.name() + "' must be " + in.type().dtype()
            + ", got " + t.dtype());
      }
      if (t.rank() != in.type().rank()) {
        throw new InvalidModelException("input '" + in.name() + "' must have shape " + in.type()
            + ", got " + Arrays.toString(t.shape()));
      }
      for (int i = 0; i < t.rank(); i++) {
        Dim d = in.type().dim(i);
        if (d.isKnown() && d.value() != t.dim(i)) {
          throw new InvalidModelException("input '" + in.name() + "' must have shape " + in.type()
              + ", got " + Arrays.toString(t.shape()));
        }
        if (d.symbol() != null) {
          Long prev = bound.putIfAbsent(d.symbol(), (long) t.dim(i));
          if (prev != null && prev != t.dim(i)) {
            throw new InvalidModelException("dimension '" + d.symbol() + "' is " + prev
                + " in one input and " + t.dim(i) + " in input '" + in.name() + "'");
          }
        }
      }
    }
    for (String name : inputs.keySet()) {
      if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
        throw new InvalidModelException("'" + name + "' is not an input of the model; inputs are "
            + graph.inputs().stream().map(ValueInfo::name).toList());
      }
    }
  }
}
