package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a one-op model through ONNX Runtime and through import, type inference and the reference
 * interpreter, and compares. Tolerance for every comparison: |actual - expected| <= 1e-5 + 1e-4 * |expected|.
 */
final class Harness {
  static final double RTOL = 1e-4;
  static final double ATOL = 1e-5;

  private Harness() {}

  /** A model at opset 21 (the canonical form), IR version 10. */
  static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  /** Adds a float input of that shape and returns a random normal value for it. */
  static Tensor input(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    b.input(name, dims(shape));
    return RandomTensors.normal(rnd, shape);
  }

  /** Adds a random normal float initializer. */
  static Tensor weight(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    Tensor t = RandomTensors.normal(rnd, shape);
    b.initializer(name, t.floats(), dims(shape));
    return t;
  }

  /** Compares every output of ORT with cnnx's, and the inferred types with the computed shapes. */
  static Map<String, Tensor> compare(OnnxModelBuilder b, Map<String, Tensor> inputs, String what) {
    OracleRun.Result r = OracleRun.compare(b.toBytes(), inputs, RTOL, ATOL, what);
    InferredTypes.assertAgree(r.graph(), r.produced(), true, what);
    return r.outputs();
  }

  /** Runs the model through cnnx only, checking the inferred types against the results. */
  static Map<String, Tensor> run(byte[] bytes, Map<String, Tensor> inputs, String what) {
    OracleRun.Result r = OracleRun.reference(bytes, inputs, what);
    InferredTypes.assertAgree(r.graph(), r.produced(), true, what);
    return r.outputs();
  }

  /**
   * Asserts that both type inference and the interpreter reject the model with an
   * InvalidModelException naming the node and containing {@code fragment}.
   */
  static void assertInvalid(OnnxModelBuilder b, Map<String, Tensor> inputs, String nodeName, String fragment) {
    byte[] bytes = b.toBytes();
    Graph g = new OnnxImporter().load(bytes, "negative");
    InvalidModelException inferred = assertThrows(InvalidModelException.class, () -> InferredTypes.infer(g));
    assertMessage(inferred, nodeName, fragment);
    InvalidModelException evaluated = assertThrows(InvalidModelException.class,
        () -> new ReferenceInterpreter().run(g, new LinkedHashMap<>(inputs)));
    assertMessage(evaluated, nodeName, fragment);
  }

  private static void assertMessage(InvalidModelException e, String nodeName, String fragment) {
    assertTrue(e.getMessage().contains("'" + nodeName + "'"), "names the node: " + e.getMessage());
    assertTrue(e.getMessage().contains(fragment), "says '" + fragment + "': " + e.getMessage());
  }
}
