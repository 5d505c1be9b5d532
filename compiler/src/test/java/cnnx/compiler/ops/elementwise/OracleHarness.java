package cnnx.compiler.ops.elementwise;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorShapeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TypeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ValueInfoProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.TensorAssert;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/** Runs a model on the reference interpreter and on ONNX Runtime and compares every output. */
final class OracleHarness {
  static final int FLOAT = 1;
  static final int INT64 = 7;

  /** The tolerance stated for float results unless a test says otherwise. */
  static final double RTOL = 1e-5;
  static final double ATOL = 1e-6;

  private OracleHarness() {}

  static Map<String, Tensor> ours(byte[] model, Map<String, Tensor> inputs) {
    return new ReferenceInterpreter().run(new OnnxImporter().load(model, "test"), inputs);
  }

  static void assertMatchesOrt(byte[] model, Map<String, Tensor> inputs, double rtol, double atol, String what) {
    Map<String, Tensor> expected = OrtOracle.run(model, inputs);
    Map<String, Tensor> actual = ours(model, inputs);
    if (expected.isEmpty() || expected.size() != actual.size()) {
      throw new AssertionError(what + ": outputs " + expected.keySet() + " vs " + actual.keySet());
    }
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      Tensor a = actual.get(e.getKey());
      if (a == null) {
        throw new AssertionError(what + ": no output " + e.getKey());
      }
      TensorAssert.assertClose(e.getValue(), a, rtol, atol, what + " output " + e.getKey());
    }
  }

  static void assertMatchesOrt(byte[] model, Map<String, Tensor> inputs, String what) {
    assertMatchesOrt(model, inputs, RTOL, ATOL, what);
  }

  /** A random shape of the given rank with dims in [1, maxDim], some forced to 1. */
  static int[] shape(SplittableRandom rnd, int rank, int maxDim) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(4) == 0 ? 1 : rnd.nextInt(1, maxDim + 1);
    }
    return s;
  }

  /**
   * Shapes of the given ranks that broadcast together: trailing parts of a random output shape,
   * each dim replaced by 1 with probability 1/3.
   */
  static int[][] broadcastable(SplittableRandom rnd, int maxDim, int... ranks) {
    int rank = Arrays.stream(ranks).max().orElse(0);
    int[] out = shape(rnd, rank, maxDim);
    int[][] shapes = new int[ranks.length][];
    for (int k = 0; k < ranks.length; k++) {
      int[] s = Arrays.copyOfRange(out, rank - ranks[k], rank);
      for (int i = 0; i < s.length; i++) {
        if (rnd.nextInt(3) == 0) {
          s[i] = 1;
        }
      }
      shapes[k] = s;
    }
    return shapes;
  }

  static long[] dims(int[] shape) {
    return Arrays.stream(shape).asLongStream().toArray();
  }

  /** Uniform int64 tensor in [lo, hi). */
  static Tensor longs(SplittableRandom rnd, long lo, long hi, int... shape) {
    long[] a = new long[Shapes.size(shape)];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextLong(lo, hi);
    }
    return Tensor.ofLongs(DataType.INT64, shape, a);
  }

  /**
   * Declares a graph output of the given rank with a distinct symbol per dim (the importer needs a
   * rank for every output; the symbols leave the sizes to the ops).
   */
  static OnnxModelBuilder output(OnnxModelBuilder b, String name, int elemType, int rank) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int i = 0; i < rank; i++) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_d" + i));
    }
    b.graph().addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))));
    return b;
  }

  static OnnxModelBuilder output(OnnxModelBuilder b, String name, int rank) {
    return output(b, name, FLOAT, rank);
  }

  static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
