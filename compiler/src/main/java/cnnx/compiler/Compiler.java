package cnnx.compiler;

import cnnx.compiler.codegen.CodeGenerator;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.BindInputShapes;
import cnnx.compiler.pass.FoldBatchNorm;
import cnnx.compiler.pass.FuseConvBlocks;
import cnnx.compiler.pass.InferShapes;
import cnnx.compiler.pass.Pass;
import cnnx.compiler.pass.PassManager;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The compiler, as its steps: import → bind input shapes → infer shapes → fold constants → infer
 * shapes → fold batch norm → fuse conv blocks → generate code (→ plan). Each step is a named pass
 * whose time and IR can be traced.
 */
public final class Compiler {
  /**
   * @param symbols sizes for symbolic input dims (e.g. N → 2); {@code defaultSize} for the rest
   * @param fuse false compiles every node on its own (used to check fused plans against unfused)
   * @param trace receives the IR after each pass, or null
   */
  public record Options(Map<String, Long> symbols, long defaultSize, Map<String, int[]> inputShapes,
      boolean fuse, boolean verifyIr, Consumer<String> trace) {
    public static Options defaults() {
      return new Options(Map.of(), 1, Map.of(), true, false, null);
    }

    public Options withFuse(boolean f) {
      return new Options(symbols, defaultSize, inputShapes, f, verifyIr, trace);
    }

    public Options withBatch(long n) {
      return new Options(symbols, n, inputShapes, fuse, verifyIr, trace);
    }

    /** Compiles for exactly these input shapes (those of the tensors to be fed). */
    public Options withInputShapes(Map<String, int[]> shapes) {
      return new Options(symbols, defaultSize, shapes, fuse, verifyIr, trace);
    }

    public Options withVerifyIr(boolean v) {
      return new Options(symbols, defaultSize, inputShapes, fuse, v, trace);
    }

    public Options withTrace(Consumer<String> t) {
      return new Options(symbols, defaultSize, inputShapes, fuse, verifyIr, t);
    }
  }

  /** The graph as compiled and the plan made from it. */
  public record Compiled(Graph graph, Plan plan, List<PassManager.Timing> timings) {}

  private final KernelLibrary library;

  public Compiler() {
    this(KernelLibrary.standard());
  }

  public Compiler(KernelLibrary library) {
    this.library = library;
  }

  /** The passes up to code generation, in order. */
  public List<Pass> passes(Options o) {
    List<Pass> passes = new ArrayList<>();
    passes.add(o.inputShapes().isEmpty() ? new BindInputShapes(o.symbols(), o.defaultSize())
        : BindInputShapes.exact(o.inputShapes()));
    passes.addAll(PassManager.frontEnd());
    if (o.fuse()) {
      passes.add(new cnnx.compiler.pass.FoldQdqConv());
      passes.add(new FoldBatchNorm());
      passes.add(new InferShapes());
      passes.add(new FuseConvBlocks(library));
    }
    return passes;
  }

  public Compiled compile(Graph imported, Options o) {
    PassManager pm = new PassManager(passes(o), o.verifyIr(), o.trace());
    Graph g = pm.run(imported);
    Plan plan = new CodeGenerator(library).generate(g);
    return new Compiled(g, plan, pm.timings());
  }

  public Compiled compile(java.nio.file.Path model, Options o) {
    return compile(new OnnxImporter().load(model), o);
  }
}
