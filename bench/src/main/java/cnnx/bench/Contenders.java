package cnnx.bench;

import cnnx.compiler.ir.Graph;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.device.opencl.OpenClDevice;
import java.nio.file.Path;

/**
 * Opens a contender from its {@code --devices} name: {@code reference}, {@code onnxruntime},
 * {@code opencl[:N]}, {@code opencl[:N]/unfused} (every node its own launch, to price fusion), or any other device
 * spec (e.g. {@code aparapi}, {@code pipeline:opencl:0+opencl:1}), run through the public API.
 */
final class Contenders {
  static final String UNFUSED = "/unfused";

  private Contenders() {}

  static Contender open(String name, Graph graph, Path model, int threads, DeviceRegistry registry) {
    if (name.equals("onnxruntime")) {
      return new OnnxRuntimeContender(model, threads);
    }
    boolean unfused = name.endsWith(UNFUSED);
    String spec = unfused ? name.substring(0, name.length() - UNFUSED.length()) : name;
    Device d = registry.resolve(spec);
    if (d instanceof OpenClDevice cl) {
      return new OpenClContender(name, cl, graph, !unfused);
    }
    if (unfused) {
      throw new IllegalArgumentException("'" + name + "': only OpenCL devices have an unfused plan");
    }
    return spec.equals("reference") ? new ReferenceContender(graph) : new ApiContender(spec, model);
  }
}
