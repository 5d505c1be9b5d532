package cnnx.host.exec;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.Device;
import cnnx.host.device.OpenClDevice;
import cnnx.host.device.ReferenceDevice;

/** Opens a runner for a model on a device. */
public final class Runners {
  private Runners() {}

  public static ModelRunner open(Device device, Graph graph, Compiler.Options options) {
    return switch (device) {
      case ReferenceDevice r -> new ReferenceRunner(graph);
      case OpenClDevice d -> new OpenClRunner(graph, d.info(), KernelBinaryCache.atDefaultLocation(), options);
    };
  }
}
