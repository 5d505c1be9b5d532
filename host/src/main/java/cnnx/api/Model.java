package cnnx.api;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.ModelLoader;
import cnnx.compiler.analysis.LayerCost;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.onnx.InputBinding;
import cnnx.compiler.pass.PassManager;
import cnnx.host.device.Artifact;
import cnnx.host.device.Device;
import cnnx.host.device.PlanArtifact;
import cnnx.kernels.plan.PlanOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** An imported model: what it takes and gives, what it is made of, and how to compile it. Immutable. */
public final class Model {
  private final Graph graph;
  private final String source;
  private final String hash;
  private final List<String> waivedChecks;
  private final java.util.Set<Path> externalData;

  Model(Graph graph, String source, String hash) {
    this(graph, source, hash, List.of());
  }

  Model(Graph graph, String source, String hash, List<String> waivedChecks) {
    this(graph, source, hash, waivedChecks, java.util.Set.of());
  }

  Model(Graph graph, String source, String hash, List<String> waivedChecks, java.util.Set<Path> externalData) {
    this.graph = graph;
    this.source = source;
    this.hash = hash;
    this.waivedChecks = List.copyOf(waivedChecks);
    this.externalData = java.util.Set.copyOf(externalData);
  }

  /**
   * The files beside the model file its weights were read from (ONNX external data); empty for a self-contained
   * model. {@link #hash()} covers the model file only.
   */
  public java.util.Set<Path> externalDataFiles() {
    return externalData;
  }

  /**
   * The loading checks the caller waived and the model did not pass ("opset 29 is newer than the newest supported
   * (28)"); empty for a model loaded strictly. Every run's provenance records them.
   */
  public List<String> waivedChecks() {
    return waivedChecks;
  }

  Graph graph() {
    return graph;
  }

  /** The file (or name) it was loaded from. */
  public String source() {
    return source;
  }

  /** SHA-256 of the model file; compiled plans record it. */
  public String hash() {
    return hash;
  }

  public String graphName() {
    return graph.name();
  }

  public int opset() {
    return graph.opset();
  }

  public List<TensorInfo> inputs() {
    return graph.inputs().stream().map(Model::info).toList();
  }

  public List<TensorInfo> outputs() {
    return graph.outputs().stream().map(Model::info).toList();
  }

  /** An input's declared dims, -1 where symbolic. */
  public int[] inputDims(String input) {
    ValueInfo v = graph.inputs().stream().filter(i -> i.name().equals(input)).findFirst().orElseThrow(
        () -> new CnnxException(CnnxException.Kind.INVALID, "the model has no input '" + input + "'"));
    int[] dims = new int[v.type().rank()];
    for (int i = 0; i < dims.length; i++) {
      var dim = v.type().dim(i);
      dims[i] = dim.isKnown() ? Math.toIntExact(dim.value()) : -1;
    }
    return dims;
  }

  private static TensorInfo info(ValueInfo v) {
    return new TensorInfo(v.name(), v.type().dtype().name(), v.type().toString());
  }

  /** How many nodes of each op type, by op type. */
  public Map<String, Integer> opCounts() {
    Map<String, Integer> histogram = new TreeMap<>();
    graph.nodes().forEach(n -> histogram.merge(n.opType(), 1, Integer::sum));
    return histogram;
  }

  /** The op type of an ONNX node, by node name. */
  public Optional<String> opTypeOf(String node) {
    return graph.nodes().stream().filter(n -> n.name().equals(node)).map(Node::opType).findFirst();
  }

  /**
   * How close a device's result for these ONNX nodes must be to the reference: the loosest rule among their
   * ops (exact arithmetic and data movement; transcendental functions; accumulating contractions and sums).
   */
  public Tolerance toleranceFor(List<String> onnxNodes) {
    List<String> ops = onnxNodes.stream().map(n -> opTypeOf(n).orElse("?")).toList();
    var t = cnnx.compiler.verify.ToleranceClasses.forOps(ops).tolerance();
    return new Tolerance(t.rtol(), t.atol());
  }

  /** Weights and other constants, counted in elements. */
  public long parameterCount() {
    return graph.initializers().values().stream().mapToLong(t -> t.size()).sum();
  }

  /** The layers that do multiply-accumulates, at a batch size, with their MACs and output types. */
  public List<Layer> layers(long batch) {
    return Failures.call(() -> {
      Graph g = new PassManager(Compiler.frontEnd(Compiler.Options.defaults().withBatch(batch)), false, null)
          .run(graph);
      List<Layer> out = new ArrayList<>();
      for (Node n : g.nodes()) {
        LayerCost.macs(g, n).ifPresent(m -> out.add(new Layer(n.name(), n.opType(), m,
            g.typeOf(n.output(0)).map(Object::toString).orElse("?"))));
      }
      return out;
    });
  }

  /** The declared output types with symbolic dims set to {@code batch}. */
  public Map<String, String> outputTypes(long batch) {
    return Failures.call(() -> {
      Graph g = new PassManager(Compiler.frontEnd(Compiler.Options.defaults().withBatch(batch)), false, null)
          .run(graph);
      Map<String, String> out = new LinkedHashMap<>();
      graph.outputs().forEach(o -> out.put(o.name(), g.typeOf(o.name()).map(Object::toString).orElse("?")));
      return out;
    });
  }

  /** Reads TensorProto files and matches them to inputs: by stored name, else in order. */
  public Map<String, Tensor> readInputs(List<Path> files) {
    return Failures.call(() -> {
      Map<String, Tensor> out = new LinkedHashMap<>();
      InputBinding.bind(graph, files, "--input").forEach((k, v) -> out.put(k, Tensor.wrap(v)));
      return out;
    });
  }

  /** Seeded inputs: floats uniform in [-1.7, 1.7), integers zero; symbolic dims set to {@code batch}. */
  public Map<String, Tensor> randomInputs(int batch, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (ValueInfo in : graph.inputs()) {
      int[] shape = new int[in.type().rank()];
      for (int i = 0; i < shape.length; i++) {
        var dim = in.type().dim(i);
        shape[i] = dim.isKnown() ? Math.toIntExact(dim.value()) : batch;
      }
      int n = cnnx.compiler.ir.Shapes.size(shape);
      if (in.type().dtype().isFloating()) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
          a[k] = (float) (rnd.nextDouble() * 2 - 1) * 1.7f;
        }
        m.put(in.name(), Tensor.wrap(cnnx.compiler.ir.Tensor.ofFloats(in.type().dtype(), shape, a)));
      } else {
        m.put(in.name(), Tensor.wrap(cnnx.compiler.ir.Tensor.ofLongs(in.type().dtype(), shape, new long[n])));
      }
    }
    return m;
  }

  /**
   * Places the model's launches over several devices (specs of devices here and preset ids, e.g.
   * {@code opencl:0}, {@code intel/de5a-net}) for one run's latency (HEFT) or a stream's throughput (pipeline
   * stages in the order given), by the performance model. A launch none of them runs is refused (UNSUPPORTED)
   * unless {@code fallback} names a device that may take it.
   */
  public PlacementReport place(List<String> devices, String objective, String fallback, CompileOptions options) {
    return Failures.call(() -> Placements.place(this, devices, objective, fallback, options, false));
  }

  /** The performance model's prediction on a live device beside each launch's measured median of {@code runs}. */
  public Prediction predictVsMeasured(String device, CompileOptions options, int runs) {
    return Failures.call(() -> Placements.predict(this, device, options, Math.max(1, runs)));
  }

  /**
   * Tunes the model's kernels on a device here: every kernel variant its layers can run (other register blockings,
   * Winograd, the pointwise template) is measured, each trial's outputs checked against the reference, and the
   * fastest variant per layer kept in the device's tuning table, which every later compile for the device uses.
   *
   * @param runs timed runs per trial (median per launch)
   * @param maxSeconds no trial starts after this long
   * @param progress receives a line per step
   */
  public TuningReport tune(String device, CompileOptions options, int runs, double maxSeconds,
      java.util.function.Consumer<String> progress) {
    return Failures.call(() -> {
      Device d = Cnnx.device(device);
      var r = new cnnx.host.schedule.Tuner(Cnnx.registry(), cnnx.host.schedule.TuningStore.atDefaultLocation())
          .tune(graph, d, options.withNeededShapeValues(graph).compilerOptions(), Math.max(1, runs), maxSeconds,
              progress);
      List<TuningReport.Layer> layers = new ArrayList<>();
      for (var l : r.layers()) {
        Map<String, Double> ms = new LinkedHashMap<>();
        l.variants().forEach(v -> ms.put(v.name(), v.ms()));
        layers.add(new TuningReport.Layer(l.key(), l.onnxNodes(), l.rules().name(), l.chosen(), ms));
      }
      return new TuningReport(r.device(), layers, r.trials(), r.trialsRun(), r.rulesDeviceMs(), r.tunedDeviceMs(),
          r.refused(), Optional.ofNullable(r.table()), r.note());
    });
  }

  /** Compiles for a device here or a target preset; see {@link CompileOptions}. */
  public CompiledModel compile(CompileOptions requested) {
    return Failures.call(() -> {
      CompileOptions options = requested.withNeededShapeValues(graph);
      if (options.target() != null) {
        Target target = Cnnx.preset(options.target());
        var c = new Compiler().compile(graph, target, options.compilerOptions());
        Artifact a = new PlanArtifact(stamp(c.plan()), c.timings());
        return new CompiledModel(this, null, a, options);
      }
      Device device = Cnnx.device(options.device());
      try {
        return new CompiledModel(this, device, prepare(device, options), options);
      } catch (RuntimeException e) {
        if (options.fallback() == null || Failures.translate(e) instanceof CnnxException c
            && c.kind() == CnnxException.Kind.INVALID) {
          throw e;
        }
        Device fallback = Cnnx.device(options.fallback());
        return new CompiledModel(this, fallback, prepare(fallback, options), options)
            .fellBackFrom(device.id() + ": " + e.getMessage());
      }
    });
  }

  Artifact prepare(Device device, CompileOptions options) {
    Artifact a = Cnnx.registry().providerOf(device).prepare(graph, device, options.compilerOptions());
    if (a instanceof PlanArtifact p) {
      return new PlanArtifact(stamp(p.compiled()), p.timings(), p.memoryLimit());
    }
    return a;
  }

  private cnnx.kernels.plan.Plan stamp(cnnx.kernels.plan.Plan plan) {
    PlanOrigin o = plan.origin();
    return plan.withOrigin(new PlanOrigin(o.targetId(), o.targetFingerprint(), o.targetSummary(), hash,
        waivedChecks));
  }

  /** Input shapes keyed by name (helper for callers building {@link CompileOptions#withInputShapes}). */
  static Map<String, int[]> shapesOf(Map<String, Tensor> inputs) {
    Map<String, int[]> m = new HashMap<>();
    inputs.forEach((k, v) -> m.put(k, v.shape()));
    return m;
  }
}
