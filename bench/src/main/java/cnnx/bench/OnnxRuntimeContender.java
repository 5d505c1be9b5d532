package cnnx.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import cnnx.compiler.ir.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** ONNX Runtime's CPU provider, all graph optimisations, a fixed number of intra-op threads. */
final class OnnxRuntimeContender implements Contender {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final int threads;

  OnnxRuntimeContender(Path model, int threads) {
    this.threads = threads;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      o.setIntraOpNumThreads(threads);
      o.setInterOpNumThreads(1);
      // The pool still spins while a run is in progress, but stops when it returns. Left spinning, its worker kept
      // a core busy through the other devices' turns (80% CPU, 2 voluntary context switches in 20 s of
      // interleaved rounds; cnnx's SqueezeNet took 5.7-6.4 ms against 4.2-5.4 ms with the pool stopped), while
      // ONNX Runtime alone ran as fast either way (SqueezeNet 2.0-2.3 ms, MobileNet-V2 2.8-3.7 ms).
      o.addConfigEntry("session.force_spinning_stop", "1");
      session = env.createSession(model.toString(), o);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String id() {
    return "onnxruntime";
  }

  @Override
  public String description() {
    return "ONNX Runtime " + env.getVersion() + " CPU, " + threads + " intra-op threads, spinning stopped after each run";
  }

  @Override
  public void prepare(Map<String, Tensor> inputs) {}

  @Override
  public Timed run(Map<String, Tensor> inputs) {
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        long[] shape = java.util.Arrays.stream(e.getValue().shape()).asLongStream().toArray();
        feeds.put(e.getKey(), OnnxTensor.createTensor(env, e.getValue().asFloatBuffer(), shape));
      }
      long t0 = System.nanoTime();
      Map<String, Tensor> out = new LinkedHashMap<>();
      try (OrtSession.Result r = session.run(feeds)) {
        for (Map.Entry<String, OnnxValue> v : r) {
          OnnxTensor t = (OnnxTensor) v.getValue();
          int[] shape = java.util.Arrays.stream(t.getInfo().getShape()).mapToInt(d -> (int) d).toArray();
          FloatBuffer fb = t.getFloatBuffer();
          float[] data = new float[fb.remaining()];
          fb.get(data);
          out.put(v.getKey(), Tensor.ofFloats(shape, data));
        }
      }
      return Timed.wallOnly(out, System.nanoTime() - t0);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
