package cnnx.compiler.codegen;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.fused.FusedOp;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.ElementType;
import cnnx.kernels.plan.ErrorFlag;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import cnnx.kernels.plan.PlanOrigin;
import cnnx.kernels.plan.TensorSpec;
import cnnx.boards.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Specialised, fused graph → {@link Plan} for one target. Every node becomes launches through the
 * {@link KernelLibrary}; a node without a kernel makes the whole model unsupported (all such ops
 * are listed), never a silent fallback. The plan's buffers are not yet placed in memory: that is the
 * next step ({@link PlanMemory}).
 */
public final class CodeGenerator {
  private final KernelLibrary library;
  private final Target target;
  private final boolean inlineMoves;
  private final Tuning tuning;

  public CodeGenerator(Target target) {
    this(KernelLibrary.standard(), target);
  }

  public CodeGenerator(KernelLibrary library, Target target) {
    this(library, target, true);
  }

  /** @param inlineMoves whether small data movement is computed where it is read ({@link InlinedMoves}) */
  public CodeGenerator(KernelLibrary library, Target target, boolean inlineMoves) {
    this(library, target, inlineMoves, Tuning.NONE);
  }

  /** @param tuning the measured choices among layers' kernel variants on this target ({@link Tuning}) */
  public CodeGenerator(KernelLibrary library, Target target, boolean inlineMoves, Tuning tuning) {
    this.library = library;
    this.target = target;
    this.inlineMoves = inlineMoves;
    this.tuning = tuning;
  }

  /** Generates the launches; buffers stay unplaced (slot -1) until {@link PlanMemory} runs. */
  public Plan generate(Graph graph) {
    new AssignDevice(target, library).check(graph);
    State s = new State(graph, target, inlineMoves ? InlinedMoves.of(graph, library) : Map.of(), tuning);
    for (ValueInfo in : graph.inputs()) {
      s.buffer(in.name());
    }
    for (Node node : graph.nodes()) {
      if (s.lowered.add(node)) {
        lowerNode(node, s);
      }
    }
    Map<String, Integer> outputs = new LinkedHashMap<>();
    List<TensorSpec> outputSpecs = new ArrayList<>();
    for (ValueInfo o : graph.outputs()) {
      outputs.put(o.name(), s.buffer(o.name()));
      outputSpecs.add(spec(graph, o.name()));
    }
    Map<String, Integer> inputs = new LinkedHashMap<>();
    List<TensorSpec> inputSpecs = new ArrayList<>();
    graph.inputs().forEach(i -> {
      inputs.put(i.name(), s.buffer(i.name()));
      inputSpecs.add(spec(graph, i.name()));
    });
    return new Plan(s.programs, s.buffers, List.of(), s.constants, inputs, outputs, inputSpecs, outputSpecs,
        s.launches, new PlanOrigin(target.id(), target.fingerprint(), target.summary(), ""));
  }

  private static TensorSpec spec(Graph graph, String value) {
    TensorType t = graph.typeOf(value).orElseThrow();
    return new TensorSpec(value, t.dtype().onnxCode(), t.shape());
  }

  private static List<Node> bodyOf(Node n) {
    return n.opType().equals(FusedOp.OP_TYPE) ? n.nodesAttr("body") : List.of(n);
  }

  /** The index of a second Conv in a fused body (a separable block), or -1. */
  private static int secondContraction(List<Node> body) {
    for (int i = 1; i < body.size(); i++) {
      if (body.get(i).opType().equals("Conv")) {
        return i;
      }
    }
    return -1;
  }

  private List<ChainStep> steps(List<Node> nodes) {
    List<ChainStep> steps = new ArrayList<>();
    for (Node n : nodes) {
      steps.add(new ChainStep(n, 0, library.emitter(n.opType()).orElseThrow(() ->
          new IllegalStateException(n.describe() + " was fused but has no element emitter"))));
    }
    return steps;
  }

  private static boolean isPool(Node n) {
    return OpRegistry.standard().is(n.opType(), OpDef::isConvEpiloguePool);
  }

  private void lowerNode(Node node, State s) {
    List<Node> body = bodyOf(node);
    Node head = body.get(0);
    int second = secondContraction(body);
    if (second > 0) {
      cnnx.compiler.codegen.spatial.SeparableConv.lower(head, steps(body.subList(1, second)), body.get(second),
          steps(body.subList(second + 1, body.size())), node.output(0), s);
      return;
    }
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
    if (body.size() == 1 && s.inlined.containsKey(outputValue)) {
      return; // computed inside the launches that read it
    }
    boolean readsInlined = head.inputs().stream().anyMatch(s.inlined::containsKey);
    if (body.size() == 1 && !readsInlined && (cnnx.compiler.codegen.spatial.VectorMaxPool.lower(head, s)
        || cnnx.compiler.codegen.spatial.VectorLrn.lower(head, s)
        || cnnx.compiler.codegen.spatial.VectorResize.lower(head, s)
        || cnnx.compiler.codegen.tensor.BlockTranspose.lower(head, s)
        || cnnx.compiler.codegen.elementwise.RowSoftmax.lower(head, s))) {
      return;
    }
    if (library.isAlias(head.opType()) && body.size() == 1 && !readsInlined) {
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
    List<List<ChainStep>> chains = new ArrayList<>();
    for (int out = 0; out < head.outputs().size(); out++) {
      if (head.output(out).isEmpty()) {
        continue;
      }
      List<ChainStep> chain = new ArrayList<>();
      chain.add(new ChainStep(head, out, emitter));
      if (out == 0) {
        chain.addAll(steps);
      }
      chains.add(chain);
    }
    if (inlineMoves) {
      for (Node sibling : SiblingSlices.of(s.graph(), node, s.inlined, s.lowered, CodeGenerator::bodyOf,
          op -> library.emitter(op).isPresent())) {
        s.lowered.add(sibling);
        chains.add(steps(bodyOf(sibling)));
      }
    }
    for (List<List<ChainStep>> group : sameShapeGroups(s.graph(), chains)) {
      launchElements(group, head.opType().toLowerCase(), s);
    }
  }

  /**
   * The chains in groups of one output shape, in their order: each group is one launch (a Split into equal parts
   * is one launch); without fusion, every chain its own.
   */
  private List<List<List<ChainStep>>> sameShapeGroups(Graph graph, List<List<ChainStep>> chains) {
    Map<String, List<List<ChainStep>>> groups = new LinkedHashMap<>();
    for (List<ChainStep> chain : chains) {
      ChainStep last = chain.get(chain.size() - 1);
      String key = inlineMoves
          ? java.util.Arrays.toString(graph.typeOf(last.node().output(last.output())).orElseThrow().shape())
          : last.node().output(last.output());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(chain);
    }
    return new ArrayList<>(groups.values());
  }

  /** One launch of an element kernel computing these chains, whose outputs share one shape. */
  private static void launchElements(List<List<ChainStep>> chains, String hint, State s) {
    ElementKernelWriter.Written w = ElementKernelWriter.writeMany(s.graph(), chains, hint, s.inlined);
    int program = s.program(new KernelSource(w.source(), ""));
    List<KernelArg> args = new ArrayList<>();
    w.inputValues().forEach(v -> args.add(new KernelArg.Buffer(s.buffer(v))));
    List<Integer> outBufs = new ArrayList<>();
    for (List<ChainStep> chain : chains) {
      ChainStep last = chain.get(chain.size() - 1);
      int outBuf = s.buffer(last.node().output(last.output()));
      args.add(new KernelArg.Buffer(outBuf));
      outBufs.add(outBuf);
    }
    List<String> sources = new ArrayList<>();
    for (List<ChainStep> chain : chains) {
      chain.forEach(c -> sources.addAll(s.inlinedSources(c.node())));
      chain.forEach(c -> sources.addAll(c.node().sourceNodes()));
    }
    s.launch(w.kernelName(), program, args, w.global(), null, sources.stream().distinct().toList(),
        List.copyOf(outBufs), chains.size() > 1 ? "computes " + chains.size() + " outputs of one shape in one launch" : "");
  }

  /** Buffers, programs and launches as they are generated. */
  private static final class State implements LoweringContext {
    private final Graph graph;
    private final Target target;
    private final Map<String, Integer> bufferOf = new HashMap<>();
    private final List<BufferSpec> buffers = new ArrayList<>();
    private final Map<Integer, Object> constants = new HashMap<>();
    private final List<KernelSource> programs = new ArrayList<>();
    private final Map<KernelSource, Integer> programIndex = new HashMap<>();
    private final List<Launch> launches = new ArrayList<>();
    private final Set<String> kernelNames = new HashSet<>();

    /**
     * Nodes whose launches are generated already (a sibling Slice is generated with the first one); by identity, as
     * a node's record equality compares its whole body and attributes.
     */
    private final Set<Node> lowered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Values computed inside the launches that read them, with their producers' steps. */
    private final Map<String, ChainStep> inlined;

    private final Tuning tuning;

    State(Graph graph, Target target, Map<String, ChainStep> inlined, Tuning tuning) {
      this.graph = graph;
      this.target = target;
      this.inlined = inlined;
      this.tuning = tuning;
    }

    @Override
    public Tuning tuning() {
      return tuning;
    }

    /** The ONNX nodes computed inside a launch for a node that reads inlined values, in graph order. */
    List<String> inlinedSources(Node reader) {
      List<Node> found = new ArrayList<>();
      collectInlined(reader, found);
      found.sort(java.util.Comparator.comparingInt(graph.nodes()::indexOf));
      List<String> names = new ArrayList<>();
      found.forEach(n -> names.addAll(n.sourceNodes()));
      return names;
    }

    private void collectInlined(Node reader, List<Node> found) {
      for (String in : reader.inputs()) {
        ChainStep p = inlined.get(in);
        if (p != null && !found.contains(p.node())) {
          found.add(p.node());
          collectInlined(p.node(), found);
        }
      }
    }

    @Override
    public Graph graph() {
      return graph;
    }

    @Override
    public Target target() {
      return target;
    }

    @Override
    public int buffer(String value) {
      Integer id = bufferOf.get(value);
      if (id != null) {
        return id;
      }
      var prefixOf = ConcatPlacement.prefixOf(graph, value);
      if (prefixOf.isPresent()) {
        // the first channels of a Concat done in place: its writer and readers use the Concat's buffer
        id = buffer(prefixOf.get());
        bufferOf.put(value, id);
        return id;
      }
      if (value.equals(ErrorFlag.BUFFER)) {
        // Pinned as a constant: uploaded as zero at load, never shared with another buffer.
        id = buffers.size();
        buffers.add(new BufferSpec(id, value, ElementType.LONG, 1, -1, new int[] {1}, DataType.INT64.onnxCode()));
        bufferOf.put(value, id);
        constants.put(id, new long[1]);
        return id;
      }
      TensorType t = graph.typeOf(value).orElseThrow(() -> new IllegalStateException("untyped value " + value));
      int[] shape = t.shape();
      long elements = 1;
      for (int d : shape) {
        elements *= d;
      }
      id = buffers.size();
      buffers.add(new BufferSpec(id, value, Types.storage(t.dtype()), elements, -1, shape, t.dtype().onnxCode()));
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
      buffers.add(new BufferSpec(id, "const:" + hint, Types.storage(value.dtype()), value.size(), -1, value.shape(),
          value.dtype().onnxCode()));
      constants.put(id, value.isFloating() ? value.floats() : value.longs());
      return id;
    }

    @Override
    public int scratch(String hint, long elements) {
      int id = buffers.size();
      buffers.add(new BufferSpec(id, "scratch:" + hint, ElementType.FLOAT, elements, -1,
          new int[] {(int) Math.min(elements, Integer.MAX_VALUE)}, 1));
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
      WorkGroups.Choice wg = local == null ? WorkGroups.elementwise(target, global)
          : local == BLOCKED ? WorkGroups.blocked(target, global) : new WorkGroups.Choice(local, "");
      if (wg.local() != null) {
        for (int d = 0; d < global.length; d++) {
          if (wg.local()[d] < 1 || global[d] % wg.local()[d] != 0) {
            // kernels carry no bounds guard: a group past the end would write past their outputs
            throw new IllegalStateException(kernelName + ": local size " + java.util.Arrays.toString(wg.local())
                + " does not divide global size " + java.util.Arrays.toString(global));
          }
        }
      }
      String why = wg.reason().isEmpty() ? note : note.isEmpty() ? wg.reason() : note + "; " + wg.reason();
      launches.add(new Launch(kernelName, program, args, global, wg.local(), onnxNodes, outputs, why));
    }

  }
}
