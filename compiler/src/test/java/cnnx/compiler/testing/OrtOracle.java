package cnnx.compiler.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** ONNX Runtime (CPU, graph optimisations off) as an independent oracle for tests. */
public final class OrtOracle {
  private OrtOracle() {}

  /** Runs the model and returns every graph output by name, in graph order. */
  public static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      opts.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, opts)) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
          for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            feeds.put(e.getKey(), toOrt(env, e.getValue()));
          }
          try (OrtSession.Result result = session.run(feeds)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : result) {
              out.put(e.getKey(), fromOrt((OnnxTensor) e.getValue()));
            }
            return out;
          }
        } finally {
          feeds.values().forEach(OnnxTensor::close);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
    long[] shape = new long[t.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.dim(i);
    }
    if (t.isFloating()) {
      return OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), shape);
    }
    long[] v = t.longs();
    switch (t.dtype()) {
      case INT8, UINT8 -> {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(v.length);
        for (long x : v) {
          b.put((byte) x);
        }
        return OnnxTensor.createTensor(env, b.flip(), shape,
            t.dtype() == DataType.INT8 ? ai.onnxruntime.OnnxJavaType.INT8 : ai.onnxruntime.OnnxJavaType.UINT8);
      }
      case INT32 -> {
        int[] a = new int[v.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = (int) v[i];
        }
        return OnnxTensor.createTensor(env, java.nio.IntBuffer.wrap(a), shape);
      }
      default -> {
        return OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape);
      }
    }
  }

  private static Tensor fromOrt(OnnxTensor t) {
    long[] s = t.getInfo().getShape();
    int[] shape = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      shape[i] = Math.toIntExact(s[i]);
    }
    return switch (t.getInfo().type) {
      case FLOAT -> {
        FloatBuffer b = t.getFloatBuffer();
        float[] a = new float[b.remaining()];
        b.get(a);
        yield Tensor.ofFloats(shape, a);
      }
      case INT64 -> {
        LongBuffer b = t.getLongBuffer();
        long[] a = new long[b.remaining()];
        b.get(a);
        yield Tensor.ofLongs(DataType.INT64, shape, a);
      }
      case INT8, UINT8 -> {
        java.nio.ByteBuffer b = t.getByteBuffer();
        long[] a = new long[b.remaining()];
        boolean unsigned = t.getInfo().type == ai.onnxruntime.OnnxJavaType.UINT8;
        for (int i = 0; i < a.length; i++) {
          a[i] = unsigned ? b.get() & 0xFF : b.get();
        }
        yield Tensor.ofLongs(unsigned ? DataType.UINT8 : DataType.INT8, shape, a);
      }
      case INT32 -> {
        java.nio.IntBuffer b = t.getIntBuffer();
        long[] a = new long[b.remaining()];
        for (int i = 0; i < a.length; i++) {
          a[i] = b.get();
        }
        yield Tensor.ofLongs(DataType.INT32, shape, a);
      }
      default -> throw new IllegalStateException("oracle output type " + t.getInfo().type);
    };
  }
}
