package cnnx.compiler;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.Pass;
import cnnx.compiler.pass.PassManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Loading a model for inspection: import, then the compiler's front end ({@link Compiler#frontEnd}). */
public final class ModelLoader {
  private ModelLoader() {}

  /** Imports and types a model as declared (symbolic dims stay symbolic where they can). */
  public static Graph load(Path model) {
    return new PassManager(PassManager.frontEnd(), false, null).run(new OnnxImporter().load(model));
  }

  /**
   * Imports and specialises a model: every symbolic input dim bound (by name, else to {@code defaultSize}), shapes
   * static, shape subgraphs folded.
   */
  public static Graph loadSpecialized(Path model, Map<String, Long> symbols, long defaultSize,
      Consumer<String> trace) {
    List<Pass> passes = Compiler.frontEnd(new Compiler.Options(symbols, defaultSize, Map.of(), true, false, null));
    return new PassManager(passes, false, trace).run(new OnnxImporter().load(model));
  }
}
