package cnnx.compiler;

import cnnx.boards.DeviceKind;
import cnnx.boards.KernelDialect;
import cnnx.boards.Target;
import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.analysis.PlanBytes;
import cnnx.compiler.codegen.CodeGenerator;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.codegen.LoadTimeLaunches;
import cnnx.compiler.codegen.PlanMemory;
import cnnx.compiler.codegen.TaskSequences;
import cnnx.compiler.codegen.Tuning;
import cnnx.compiler.codegen.AssignDevice;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.BindInputShapes;
import cnnx.compiler.pass.FoldBatchNorm;
import cnnx.compiler.pass.FuseConvBlocks;
import cnnx.compiler.pass.SplitWideConcats;
import cnnx.compiler.pass.InferShapes;
import cnnx.compiler.pass.Pass;
import cnnx.compiler.pass.PassManager;
import cnnx.compiler.pass.ShapeInputs;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The compiler, as its steps: import → bind input shapes → infer shapes → fold constants → infer
 * shapes → fold batch norm → infer shapes → fuse conv blocks → assign device → generate code → plan
 * memory (→ plan). Each step is named; its time (and, for graph steps, its IR) can be traced. The target
 * drives every device-dependent decision.
 */
public final class Compiler {
  /**
   * @param symbols sizes for symbolic input dims (e.g. N → 2); {@code defaultSize} for the rest
   * @param fuse false compiles every node on its own (used to check fused plans against unfused)
   * @param trace receives the IR after each pass, or null
   * @param tasks whether small consecutive launches of a CPU plan may run as one task kernel (see {@link #withTasks})
   * @param memoryLimit the most bytes a run may take (the plan's buffers, the reference's peak), or null
   *     for what the device and the JVM heap allow
   */
  public record Options(Map<String, Long> symbols, long defaultSize, Map<String, int[]> inputShapes,
      boolean fuse, boolean verifyIr, Consumer<String> trace, Map<String, Tensor> inputValues,
      MemoryBudget memoryLimit, Tuning tuning, boolean tasks) {
    public Options {
      tuning = tuning == null ? Tuning.NONE : tuning;
    }

    public Options(Map<String, Long> symbols, long defaultSize, Map<String, int[]> inputShapes, boolean fuse,
        boolean verifyIr, Consumer<String> trace) {
      this(symbols, defaultSize, inputShapes, fuse, verifyIr, trace, Map.of(), null, Tuning.NONE, true);
    }

    public Options(Map<String, Long> symbols, long defaultSize, Map<String, int[]> inputShapes, boolean fuse,
        boolean verifyIr, Consumer<String> trace, Map<String, Tensor> inputValues, MemoryBudget memoryLimit) {
      this(symbols, defaultSize, inputShapes, fuse, verifyIr, trace, inputValues, memoryLimit, Tuning.NONE, true);
    }

    /** Compiles with these measured kernel-variant choices (a device's tuning table, or a tuner's trial). */
    public Options withTuning(Tuning t) {
      return new Options(symbols, defaultSize, inputShapes, fuse, verifyIr, trace, inputValues, memoryLimit, t, tasks);
    }

    /**
     * Also compiles for the values of these small inputs where the model needs them to know
     * its shapes (see {@link ShapeInputs}).
     */
    public Options withInputValues(Map<String, Tensor> values) {
      return new Options(symbols, defaultSize, inputShapes, fuse, verifyIr, trace, values, memoryLimit, tuning, tasks);
    }

    /**
     * Whether small consecutive launches of a CPU plan may run as one task kernel ({@link TaskSequences}); off
     * where each launch must be timed on its own (the tuner).
     */
    public Options withTasks(boolean t) {
      return new Options(symbols, defaultSize, inputShapes, fuse, verifyIr, trace, inputValues, memoryLimit, tuning, t);
    }

    public static Options defaults() {
      return new Options(Map.of(), 1, Map.of(), true, false, null);
    }

    public Options withFuse(boolean f) {
      return new Options(symbols, defaultSize, inputShapes, f, verifyIr, trace, inputValues, memoryLimit, tuning, tasks);
    }

    public Options withBatch(long n) {
      return new Options(symbols, n, inputShapes, fuse, verifyIr, trace, inputValues, memoryLimit, tuning, tasks);
    }

    /** Compiles for exactly these input shapes (those of the tensors to be fed). */
    public Options withInputShapes(Map<String, int[]> shapes) {
      return new Options(symbols, defaultSize, shapes, fuse, verifyIr, trace, inputValues, memoryLimit, tuning, tasks);
    }

    public Options withVerifyIr(boolean v) {
      return new Options(symbols, defaultSize, inputShapes, fuse, v, trace, inputValues, memoryLimit, tuning, tasks);
    }

    public Options withTrace(Consumer<String> t) {
      return new Options(symbols, defaultSize, inputShapes, fuse, verifyIr, t, inputValues, memoryLimit, tuning, tasks);
    }

    /** Refuses plans (and reference runs) that need more than {@code limit}; null for the defaults. */
    public Options withMemoryLimit(MemoryBudget limit) {
      return new Options(symbols, defaultSize, inputShapes, fuse, verifyIr, trace, inputValues, limit, tuning, tasks);
    }
  }

  /**
   * The graph as compiled, the plan made from it, how long each step took, and the kernel variants its layers
   * offered and took ({@link Tuning}).
   */
  public record Compiled(Graph graph, Plan plan, List<PassManager.Timing> timings, List<Tuning.Offer> tuned) {
    public Compiled(Graph graph, Plan plan, List<PassManager.Timing> timings) {
      this(graph, plan, timings, List.of());
    }
  }

  /** Compiles for a generic CPU when no target is named (tests, and the JVM-side tools). */
  public static final Target GENERIC_CPU = new Target("generic/cpu", DeviceKind.CPU, "generic", "OpenCL CPU device",
      1, 16, 1, 32 * 1024, 1, 4096, 100, 0, 0, 20, 1L << 32, "OpenCL 1.2", List.of(), KernelDialect.OPENCL_C,
      "assumed");

  private final KernelLibrary library;

  public Compiler() {
    this(KernelLibrary.standard());
  }

  public Compiler(KernelLibrary library) {
    this.library = library;
  }

  /**
   * The front end, for every use (compiling, inspecting, the reference device): import is done; bind
   * input shapes → infer shapes → fold constants → infer shapes.
   */
  public static List<Pass> frontEnd(Options o) {
    List<Pass> passes = new ArrayList<>();
    passes.add(o.inputShapes().isEmpty() ? new BindInputShapes(o.symbols(), o.defaultSize())
        : BindInputShapes.exact(o.inputShapes()));
    if (!o.inputValues().isEmpty()) {
      passes.add(ShapeInputs.binding(o.inputValues()));
    }
    passes.addAll(PassManager.frontEnd());
    return passes;
  }

  /**
   * Every graph step of compiling for a target, in order: the front end, then (when fusing) fold zero pads into
   * convs and average pools → fold batch norm → infer shapes → fuse conv blocks, then assign the device. Code generation (the launches that only
   * compute constants moved first, to run at load time) and memory planning follow as the steps
   * "generate-code" and "plan-memory".
   */
  public List<Pass> passes(Target target, Options o) {
    List<Pass> passes = frontEnd(o);
    if (o.fuse()) {
      passes.add(new cnnx.compiler.pass.FoldQdqConv());
      passes.add(new cnnx.compiler.pass.FoldPad());
      passes.add(new FoldBatchNorm());
      passes.add(new InferShapes());
      passes.add(new FuseConvBlocks(library.on(target)));
    }
    passes.add(new SplitWideConcats());
    passes.add(new AssignDevice(target, library));
    return passes;
  }

  /** Compiles a model for a target. */
  public Compiled compile(Graph imported, Target target, Options o) {
    PassManager pm = new PassManager(passes(target, o), o.verifyIr(), o.trace());
    Graph g = pm.run(imported);
    List<PassManager.Timing> timings = new ArrayList<>(pm.timings());
    long t0 = System.nanoTime();
    Tuning tuning = o.tuning().fresh(); // offers are this compile's own
    Plan generated = LoadTimeLaunches.hoist(new CodeGenerator(library, target, o.fuse(), tuning).generate(g));
    long t1 = System.nanoTime();
    Plan placed = PlanMemory.place(generated);
    if (o.fuse() && o.tasks() && !"off".equals(System.getProperty("cnnx.tasks"))) {
      placed = TaskSequences.apply(placed, g, target);
    }
    long t2 = System.nanoTime();
    timings.add(new PassManager.Timing("generate-code", t1 - t0));
    timings.add(new PassManager.Timing("plan-memory", t2 - t1));
    if (o.memoryLimit() != null) {
      PlanBytes.check(placed, o.memoryLimit()); // refused here, before a device allocates anything
    }
    return new Compiled(g, placed, timings, tuning.offers());
  }

  /** Compiles for {@link #GENERIC_CPU}. */
  public Compiled compile(Graph imported, Options o) {
    return compile(imported, GENERIC_CPU, o);
  }

  public Compiled compile(java.nio.file.Path model, Target target, Options o) {
    return compile(new OnnxImporter().load(model), target, o);
  }
}
