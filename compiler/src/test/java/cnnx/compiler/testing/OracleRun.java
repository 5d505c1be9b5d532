package cnnx.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a model on ONNX Runtime and on the reference interpreter and compares every output:
 * the same output names and element types, values within |actual - expected| <= atol + rtol |expected|.
 */
public final class OracleRun {
  private OracleRun() {}

  /** The imported graph, the reference interpreter's outputs, and every value it produced on the way. */
  public record Result(Graph graph, Map<String, Tensor> outputs, Map<String, Tensor> produced) {}

  /** Imports the model and runs it on the reference interpreter only. */
  public static Result reference(byte[] model, Map<String, Tensor> inputs, String what) {
    Graph g = new OnnxImporter().load(model, what);
    Map<String, Tensor> produced = new HashMap<>();
    Map<String, Tensor> outputs = new ReferenceInterpreter().run(g, new LinkedHashMap<>(inputs), (node, in, out) -> {
      for (int i = 0; i < out.size(); i++) {
        produced.put(node.output(i), out.get(i));
      }
    });
    return new Result(g, outputs, produced);
  }

  public static Result reference(byte[] model, Map<String, Tensor> inputs) {
    return reference(model, inputs, "model");
  }

  /** Compares the reference interpreter with ONNX Runtime; returns the reference's run. */
  public static Result compare(byte[] model, Map<String, Tensor> inputs, double rtol, double atol, String what) {
    Map<String, Tensor> expected = OrtOracle.run(model, inputs);
    Result ours = reference(model, inputs, what);
    assertEquals(expected.keySet(), ours.outputs().keySet(), what + ": output names");
    expected.forEach((name, e) -> {
      Tensor a = ours.outputs().get(name);
      assertEquals(e.dtype(), a.dtype(), what + ": element type of " + name);
      TensorAssert.assertClose(e, a, rtol, atol, what + ": output " + name);
    });
    return ours;
  }
}
