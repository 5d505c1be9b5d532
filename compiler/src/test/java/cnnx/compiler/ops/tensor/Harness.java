package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OracleRun;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a model on ONNX Runtime and on the reference interpreter and compares every output with
 * rtol = atol = 1e-5; also checks each node's inferred types against the values it produced.
 */
final class Harness {
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-5;

  private Harness() {}

  static Graph load(byte[] model, String what) {
    return new OnnxImporter().load(model, what);
  }

  /** Compares against ONNX Runtime and checks type inference; returns the reference outputs. */
  static Map<String, Tensor> check(byte[] model, Map<String, Tensor> inputs, String what) {
    OracleRun.Result r = OracleRun.compare(model, inputs, RTOL, ATOL, what);
    // integer graph inputs usually steer shapes, so only float-only static graphs must infer static
    boolean expectStatic = r.graph().inputs().stream()
        .allMatch(v -> v.type().isStatic() && v.type().dtype().isFloating());
    InferredTypes.assertAgree(r.graph(), r.produced(), expectStatic, what);
    return r.outputs();
  }

  static Map<String, Tensor> inputs(Object... nameThenTensor) {
    Map<String, Tensor> m = new HashMap<>();
    for (int i = 0; i < nameThenTensor.length; i += 2) {
      m.put((String) nameThenTensor[i], (Tensor) nameThenTensor[i + 1]);
    }
    return m;
  }
}
