package cnnx.compiler.ops.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorShapeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TypeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ValueInfoProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
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

  /** Declares a graph output of the given rank with unknown dims. */
  static void output(OnnxModelBuilder b, String name, int rank) {
    output(b, name, rank, TensorProto.DataType.FLOAT_VALUE);
  }

  static void output(OnnxModelBuilder b, String name, int rank, int elemType) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int i = 0; i < rank; i++) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder());
    }
    b.graph().addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))));
  }

  static long[] dims(int[] shape) {
    long[] d = new long[shape.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = shape[i];
    }
    return d;
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
    byte[] bytes = b.toBytes();
    Map<String, Tensor> expected = OrtOracle.run(bytes, inputs);
    Map<String, Tensor> actual = run(bytes, inputs, what);
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      Tensor got = actual.get(e.getKey());
      TensorAssert.assertClose(e.getValue(), got, RTOL, ATOL, what + " output " + e.getKey());
    }
    return actual;
  }

  /** Runs the model through cnnx only, checking the inferred types against the results. */
  static Map<String, Tensor> run(byte[] bytes, Map<String, Tensor> inputs, String what) {
    Graph g = new OnnxImporter().load(bytes, what);
    Map<String, TensorType> types = TypeDriver.infer(g);
    Map<String, Tensor> actual = new ReferenceInterpreter().run(g, new LinkedHashMap<>(inputs));
    for (Map.Entry<String, Tensor> e : actual.entrySet()) {
      TensorType t = types.get(e.getKey());
      Tensor v = e.getValue();
      assertEquals(v.dtype(), t.dtype(), what + ": inferred dtype of " + e.getKey());
      assertEquals(v.rank(), t.rank(), what + ": inferred rank of " + e.getKey() + " " + t);
      for (int i = 0; i < v.rank(); i++) {
        Dim d = t.dim(i);
        assertTrue(d.isKnown() && d.value() == v.dim(i), what + ": inferred " + t + " for " + v);
      }
    }
    return actual;
  }

  /**
   * Asserts that both type inference and the interpreter reject the model with an
   * InvalidModelException naming the node and containing {@code fragment}.
   */
  static void assertInvalid(OnnxModelBuilder b, Map<String, Tensor> inputs, String nodeName, String fragment) {
    byte[] bytes = b.toBytes();
    Graph g = new OnnxImporter().load(bytes, "negative");
    InvalidModelException inferred = assertThrows(InvalidModelException.class, () -> TypeDriver.infer(g));
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
