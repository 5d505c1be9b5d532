package cnnx.bench;

import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import cnnx.api.Session;
import cnnx.compiler.ir.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any other device (Aparapi, a pipeline over several devices, a provider on the class path) through the public
 * API: compiled for the inputs' shapes, timed by wall clock around {@code Session.run}.
 */
final class ApiContender implements Contender {
  private final String device;
  private final Path model;
  private Session session;
  /** The last inputs converted, by identity: the harness feeds the same map every run, and converting a large
   * input on each run would time copies (and their garbage) that the other devices do not pay. */
  private volatile Converted converted;

  private record Converted(Map<String, Tensor> from, Map<String, cnnx.api.Tensor> to) {}

  ApiContender(String device, Path model) {
    this.device = device;
    this.model = model;
  }

  @Override
  public String id() {
    return device;
  }

  @Override
  public String description() {
    return session == null ? device : session.deviceLabel();
  }

  @Override
  public void prepare(Map<String, Tensor> inputs) {
    session = Cnnx.load(model).compile(CompileOptions.forDevice(device).withInputsLike(api(inputs))).newSession();
  }

  @Override
  public Timed run(Map<String, Tensor> inputs) {
    Converted c = converted;
    if (c == null || c.from() != inputs) {
      c = new Converted(inputs, api(inputs));
      converted = c;
    }
    Map<String, cnnx.api.Tensor> in = c.to();
    long t0 = System.nanoTime();
    var result = session.run(in);
    long t = System.nanoTime() - t0;
    Map<String, Tensor> out = new LinkedHashMap<>();
    result.outputs().forEach((k, v) -> out.put(k, v.isFloating()
        ? Tensor.ofFloats(v.shape(), v.floats()) : Tensor.ofLongs(v.shape(), v.longs())));
    return Timed.wallOnly(out, t);
  }

  private static Map<String, cnnx.api.Tensor> api(Map<String, Tensor> inputs) {
    Map<String, cnnx.api.Tensor> m = new LinkedHashMap<>();
    inputs.forEach((k, v) -> m.put(k, v.isFloating() ? cnnx.api.Tensor.ofFloats(v.shape(), v.floats())
        : cnnx.api.Tensor.ofLongs(v.shape(), v.longs())));
    return m;
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
  }
}
