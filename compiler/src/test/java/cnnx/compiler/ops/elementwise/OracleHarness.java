package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OracleRun;
import java.util.Map;

/** Runs a model on the reference interpreter and on ONNX Runtime and compares every output. */
final class OracleHarness {
  static final int FLOAT = 1;
  static final int INT64 = 7;

  /** The tolerance stated for float results unless a test says otherwise. */
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-6;

  private OracleHarness() {}

  static void assertMatchesOrt(byte[] model, Map<String, Tensor> inputs, double rtol, double atol, String what) {
    OracleRun.compare(model, inputs, rtol, atol, what);
  }

  static void assertMatchesOrt(byte[] model, Map<String, Tensor> inputs, String what) {
    assertMatchesOrt(model, inputs, RTOL, ATOL, what);
  }
}
