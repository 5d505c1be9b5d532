package cnnx.bench;

import cnnx.compiler.ir.Graph;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.device.opencl.OpenClDevice;
import java.nio.file.Path;

/**
 * Opens a contender from its {@code --devices} name: {@code reference}, {@code onnxruntime},
 * {@code opencl[:N]}, {@code opencl[:N]/unfused} (every node its own launch, to price fusion),
 * {@code opencl[:N]/untuned} (the built-in rules' kernel variants, the device's tuning table ignored, to price
 * {@code cnnx tune}), or any other device spec (e.g. {@code aparapi}, {@code pipeline:opencl:0+opencl:1}), run through
 * the public API.
 */
final class Contenders {
  static final String UNFUSED = "/unfused";
  static final String UNTUNED = "/untuned";

  private Contenders() {}

  static Contender open(String name, Graph graph, Path model, int threads, DeviceRegistry registry) {
    if (name.equals("onnxruntime")) {
      return new OnnxRuntimeContender(model, threads);
    }
    boolean unfused = name.endsWith(UNFUSED);
    boolean untuned = name.endsWith(UNTUNED);
    String spec = unfused ? name.substring(0, name.length() - UNFUSED.length())
        : untuned ? name.substring(0, name.length() - UNTUNED.length()) : name;
    Device d = registry.resolve(spec);
    if (d instanceof OpenClDevice cl) {
      return new OpenClContender(name, cl, graph, !unfused, !untuned);
    }
    if (unfused || untuned) {
      throw new IllegalArgumentException("'" + name + "': only OpenCL devices have " + (unfused ? "an unfused"
          : "an untuned") + " plan");
    }
    return spec.equals("reference") ? new ReferenceContender(graph) : new ApiContender(spec, model);
  }
}
