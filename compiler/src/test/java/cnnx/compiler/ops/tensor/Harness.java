package cnnx.compiler.ops.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.ValueInfoProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.TensorAssert;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

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
    Graph g = load(model, what);
    // integer graph inputs usually steer shapes, so only float-only static graphs must infer static
    boolean expectStatic = g.inputs().stream().allMatch(v -> v.type().isStatic() && v.type().dtype().isFloating());
    return check(model, inputs, what, expectStatic);
  }

  /** As above; with {@code expectStatic}, inference with folding must know every dim. */
  static Map<String, Tensor> check(byte[] model, Map<String, Tensor> inputs, String what, boolean expectStatic) {
    Graph g = load(model, what);
    Map<String, Tensor> produced = new HashMap<>();
    Map<String, Tensor> ours = new ReferenceInterpreter().run(g, inputs, (node, in, out) -> {
      for (int i = 0; i < out.size(); i++) {
        produced.put(node.output(i), out.get(i));
      }
    });
    Map<String, Tensor> ort = OrtOracle.run(model, inputs);
    for (ValueInfo o : g.outputs()) {
      Tensor expected = ort.get(o.name());
      Tensor actual = ours.get(o.name());
      assertEquals(expected.dtype(), actual.dtype(), what + ": dtype of " + o.name());
      TensorAssert.assertClose(expected, actual, RTOL, ATOL, what + ": " + o.name());
    }
    checkTypes(g, produced, what, expectStatic);
    return ours;
  }

  /**
   * Inferred types agree with what ran: dtype, rank and every known dim. With static graph inputs
   * and folding, every dim must be known.
   */
  static void checkTypes(Graph g, Map<String, Tensor> produced, String what, boolean expectStatic) {
    for (boolean fold : new boolean[] {true, false}) {
      Map<String, TensorType> types = InferenceWalk.infer(g, fold);
      produced.forEach((name, t) -> {
        TensorType inferred = types.get(name);
        String msg = what + ": inferred " + inferred + " for '" + name + "' holding " + Arrays.toString(t.shape())
            + (fold ? " (folding)" : "");
        assertEquals(t.dtype(), inferred.dtype(), msg);
        assertEquals(t.rank(), inferred.rank(), msg);
        for (int i = 0; i < t.rank(); i++) {
          Dim d = inferred.dim(i);
          assertTrue(!d.isKnown() || d.value() == t.dim(i), msg);
        }
        if (fold && expectStatic) {
          assertTrue(inferred.isStatic(), msg + ": expected static dims");
        }
      });
    }
  }

  /** Declares graph outputs without a type: ONNX Runtime and the importer infer them. */
  static OnnxModelBuilder outputs(OnnxModelBuilder b, String... names) {
    for (String n : names) {
      b.graph().addOutput(ValueInfoProto.newBuilder().setName(n));
    }
    return b;
  }

  static Map<String, Tensor> inputs(Object... nameThenTensor) {
    Map<String, Tensor> m = new HashMap<>();
    for (int i = 0; i < nameThenTensor.length; i += 2) {
      m.put((String) nameThenTensor[i], (Tensor) nameThenTensor[i + 1]);
    }
    return m;
  }

  static long[] dims(int... shape) {
    long[] d = new long[shape.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = shape[i];
    }
    return d;
  }

  static int[] randomShape(SplittableRandom rnd, int rank, int lo, int hi) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(lo, hi + 1);
    }
    return s;
  }

  /** Random int64 tensor with values in [lo, hi]. */
  static Tensor randomLongs(SplittableRandom rnd, long lo, long hi, int... shape) {
    long[] v = new long[cnnx.compiler.ir.Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextLong(lo, hi + 1);
    }
    return Tensor.ofLongs(shape, v);
  }
}
