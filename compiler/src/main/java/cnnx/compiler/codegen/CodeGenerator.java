package cnnx.compiler.codegen;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.fused.FusedOp;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.ElementType;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Specialised, fused graph → {@link Plan}. Every node becomes launches through the
 * {@link KernelLibrary}; a node without a kernel makes the whole model unsupported (all such ops
 * are listed), never a silent fallback. Buffers are then packed into slots by lifetime.
 */
public final class CodeGenerator {
  private final KernelLibrary library;

  public CodeGenerator() {
    this(KernelLibrary.standard());
  }

  public CodeGenerator(KernelLibrary library) {
    this.library = library;
  }

  public Plan generate(Graph graph) {
    checkSupported(graph);
    State s = new State(graph);
    for (ValueInfo in : graph.inputs()) {
      s.buffer(in.name());
    }
    for (Node node : graph.nodes()) {
      lowerNode(node, s);
    }
    Map<String, Integer> outputs = new LinkedHashMap<>();
    Map<String, int[]> outputShapes = new HashMap<>();
    for (ValueInfo o : graph.outputs()) {
      outputs.put(o.name(), s.buffer(o.name()));
      outputShapes.put(o.name(), graph.typeOf(o.name()).orElseThrow().shape());
    }
    Map<String, Integer> inputs = new LinkedHashMap<>();
    graph.inputs().forEach(i -> inputs.put(i.name(), s.buffer(i.name())));
    return s.finish(inputs, outputs, outputShapes);
  }

  private void checkSupported(Graph graph) {
    Map<String, List<String>> missing = new TreeMap<>();
    for (Node n : graph.nodes()) {
      for (Node part : bodyOf(n)) {
        if (!library.supports(part.opType())) {
          missing.computeIfAbsent(part.opType(), k -> new ArrayList<>()).add(part.name());
        }
      }
    }
    if (!missing.isEmpty()) {
      List<String> problems = new ArrayList<>();
      missing.forEach((op, nodes) -> problems.add(op + " (" + String.join(", ", nodes) + ")"));
      throw new UnsupportedModelException("no OpenCL kernel for: " + String.join("; ", problems), problems);
    }
    for (ValueInfo in : graph.inputs()) {
      if (!in.type().isStatic()) {
        throw new UnsupportedModelException("input '" + in.name() + "' has shape " + in.type()
            + "; compiling needs every dimension bound (e.g. the batch size)");
      }
    }
    for (Node n : graph.nodes()) {
      for (String o : n.outputs()) {
        if (!o.isEmpty() && !graph.typeOf(o).map(TensorType::isStatic).orElse(false)) {
          throw new UnsupportedModelException(n.describe() + ": output '" + o + "' has shape "
              + graph.typeOf(o).map(Object::toString).orElse("?")
              + ", not known at compile time (a shape computed from run-time data)");
        }
      }
    }
  }

  private static List<Node> bodyOf(Node n) {
    return n.opType().equals(FusedOp.OP_TYPE) ? n.nodesAttr("body") : List.of(n);
  }

  private static boolean isPool(Node n) {
    return n.opType().equals("MaxPool") || n.opType().equals("AveragePool");
  }

  private void lowerNode(Node node, State s) {
    List<Node> body = bodyOf(node);
    Node head = body.get(0);
    Node pool = body.size() > 1 && isPool(body.get(body.size() - 1)) ? body.get(body.size() - 1) : null;
    List<ChainStep> steps = new ArrayList<>();
    for (Node n : body.subList(1, pool == null ? body.size() : body.size() - 1)) {
      steps.add(new ChainStep(n, 0, library.emitter(n.opType()).orElseThrow(() ->
          new IllegalStateException(n.describe() + " was fused but has no element emitter"))));
    }
    String outputValue = node.output(0);
    if (body.size() == 1 && ConcatPlacement.inPlace(s.graph(), head)) {
      return; // its producers wrote their slices already
    }
    if (library.isAlias(head.opType()) && body.size() == 1) {
      s.alias(head.output(0), head.input(0));
      return;
    }
    var lowering = library.lowering(head.opType());
    if (lowering.isPresent()) {
      lowering.get().lower(head, steps, pool, outputValue, s);
      return;
    }
    ElementEmitter emitter = library.emitter(head.opType()).orElseThrow();
    if (pool != null) {
      throw new IllegalStateException(node.describe() + ": a pool fused after an element kernel");
    }
    for (int out = 0; out < head.outputs().size(); out++) {
      if (head.output(out).isEmpty()) {
        continue;
      }
      List<ChainStep> chain = new ArrayList<>();
      chain.add(new ChainStep(head, out, emitter));
      if (out == 0) {
        chain.addAll(steps);
      }
      String target = out == 0 ? outputValue : head.output(out);
      ElementKernelWriter.Written w = ElementKernelWriter.write(s.graph(), chain, head.opType().toLowerCase());
      int program = s.program(new KernelSource(w.source(), ""));
      List<KernelArg> args = new ArrayList<>();
      w.inputValues().forEach(v -> args.add(new KernelArg.Buffer(s.buffer(v))));
      int outBuf = s.buffer(target);
      args.add(new KernelArg.Buffer(outBuf));
      List<String> sources = new ArrayList<>();
      chain.forEach(c -> sources.addAll(c.node().sourceNodes()));
      s.launch(w.kernelName(), program, args, new long[] {Math.max(1, w.elements())}, null, sources,
          List.of(outBuf), "");
    }
  }

  /** Buffers, programs and launches as they are generated. */
  private static final class State implements LoweringContext {
    private final Graph graph;
    private final Map<String, Integer> bufferOf = new HashMap<>();
    private final List<BufferSpec> buffers = new ArrayList<>();
    private final Map<Integer, Object> constants = new HashMap<>();
    private final List<KernelSource> programs = new ArrayList<>();
    private final Map<KernelSource, Integer> programIndex = new HashMap<>();
    private final List<Launch> launches = new ArrayList<>();
    private final Set<String> kernelNames = new HashSet<>();

    State(Graph graph) {
      this.graph = graph;
    }

    @Override
    public Graph graph() {
      return graph;
    }

    @Override
    public int buffer(String value) {
      Integer id = bufferOf.get(value);
      if (id != null) {
        return id;
      }
      TensorType t = graph.typeOf(value).orElseThrow(() -> new IllegalStateException("untyped value " + value));
      int[] shape = t.shape();
      long elements = 1;
      for (int d : shape) {
        elements *= d;
      }
      id = buffers.size();
      buffers.add(new BufferSpec(id, value, Types.storage(t.dtype()), elements, -1));
      bufferOf.put(value, id);
      Tensor c = graph.initializers().get(value);
      if (c != null) {
        constants.put(id, c.isFloating() ? c.floats() : c.longs());
      }
      return id;
    }

    void alias(String value, String of) {
      bufferOf.put(value, buffer(of));
    }

    @Override
    public int constant(String hint, Tensor value) {
      int id = buffers.size();
      buffers.add(new BufferSpec(id, "const:" + hint, Types.storage(value.dtype()), value.size(), -1));
      constants.put(id, value.isFloating() ? value.floats() : value.longs());
      return id;
    }

    @Override
    public int scratch(String hint, long elements) {
      int id = buffers.size();
      buffers.add(new BufferSpec(id, "scratch:" + hint, ElementType.FLOAT, elements, -1));
      return id;
    }

    @Override
    public int program(KernelSource source) {
      return programIndex.computeIfAbsent(source, k -> {
        programs.add(k);
        return programs.size() - 1;
      });
    }

    @Override
    public String kernelName(String hint) {
      String base = hint.replaceAll("[^A-Za-z0-9_]", "_");
      String name = base;
      for (int i = 2; !kernelNames.add(name); i++) {
        name = base + "_" + i;
      }
      return name;
    }

    @Override
    public void launch(String kernelName, int program, List<KernelArg> args, long[] global, long[] local,
        List<String> onnxNodes, List<Integer> outputs, String note) {
      launches.add(new Launch(kernelName, program, args, global, local, onnxNodes, outputs, note));
    }

    Plan finish(Map<String, Integer> inputs, Map<String, Integer> outputs, Map<String, int[]> outputShapes) {
      int n = buffers.size();
      long[] bytes = new long[n];
      int[] first = new int[n];
      int[] last = new int[n];
      java.util.Arrays.fill(first, -1);
      for (int i = 0; i < n; i++) {
        bytes[i] = buffers.get(i).bytes();
      }
      for (int li = 0; li < launches.size(); li++) {
        for (KernelArg a : launches.get(li).args()) {
          if (a instanceof KernelArg.Buffer b) {
            if (first[b.bufferId()] < 0) {
              first[b.bufferId()] = li;
            }
            last[b.bufferId()] = li;
          }
        }
      }
      Set<Integer> pinned = new HashSet<>(constants.keySet());
      pinned.addAll(inputs.values());
      pinned.addAll(outputs.values());
      MemoryPlanner.Assignment a = MemoryPlanner.plan(bytes, first, last, pinned);
      List<BufferSpec> placed = new ArrayList<>();
      for (BufferSpec b : buffers) {
        placed.add(new BufferSpec(b.id(), b.value(), b.type(), b.elements(), a.slotOf()[b.id()]));
      }
      return new Plan(programs, placed, a.slotBytes(), constants, inputs, outputs, outputShapes, launches);
    }
  }
}
