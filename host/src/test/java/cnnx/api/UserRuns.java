package cnnx.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a model file the way {@code cnnx run MODEL --device D --input ...} does: load, compile for the fed
 * tensors (their shapes, and the values of the small integer inputs that decide shapes), open a session, run.
 * Conformance suites use it so that they test what a user gets, not a shortcut around the public API.
 */
public final class UserRuns {
  private UserRuns() {}

  /** The outputs in the model's output order. */
  public static List<cnnx.compiler.ir.Tensor> run(Path model, String device, Map<String, cnnx.compiler.ir.Tensor> inputs) {
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    inputs.forEach((k, v) -> feeds.put(k, Tensor.wrap(v)));
    CompiledModel compiled = Cnnx.load(model).compile(CompileOptions.forDevice(device).withInputsLike(feeds));
    try (Session session = compiled.newSession()) {
      List<cnnx.compiler.ir.Tensor> out = new ArrayList<>();
      session.run(feeds).outputs().values().forEach(t -> out.add(t.unwrap()));
      return out;
    }
  }
}
