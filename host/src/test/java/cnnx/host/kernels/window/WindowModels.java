package cnnx.host.kernels.window;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorShapeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TypeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ValueInfoProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.SplittableRandom;

/** Small one-op models for the window kernel tests. */
final class WindowModels {
  /** Max pools pick an input value: only the device's float compare differs, never rounding. */
  static final double MAX_RTOL = 1e-5;
  static final double MAX_ATOL = 1e-6;
  /**
   * Sums, means and normalisations: the kernels accumulate in float in their own order, the
   * reference in double.
   */
  static final double SUM_RTOL = 1e-4;
  static final double SUM_ATOL = 1e-5;

  private WindowModels() {}

  /** A model at opset 21 (the canonical form), IR version 10. */
  static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  static long[] dims(int... shape) {
    long[] d = new long[shape.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = shape[i];
    }
    return d;
  }

  /** Adds a float input of that shape and returns a seeded standard-normal value for it. */
  static Tensor input(OnnxModelBuilder b, SplittableRandom rnd, String name, int... shape) {
    b.input(name, dims(shape));
    return RandomTensors.normal(rnd, shape);
  }

  /** Adds a float initializer uniform in [lo, hi). */
  static Tensor weight(OnnxModelBuilder b, SplittableRandom rnd, String name, float lo, float hi, int... shape) {
    Tensor t = RandomTensors.uniform(rnd, lo, hi, shape);
    b.initializer(name, t.floats(), dims(shape));
    return t;
  }

  /** Declares a float graph output of the given rank with unknown dims. */
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
}
