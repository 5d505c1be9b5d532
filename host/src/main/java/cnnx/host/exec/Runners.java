package cnnx.host.exec;

import cnnx.compiler.Compiler;
import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.ir.Graph;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.Device;
import cnnx.host.device.OpenClDevice;
import cnnx.host.device.ReferenceDevice;

/** Opens a runner for a model on a device. */
public final class Runners {
  private Runners() {}

  public static ModelRunner open(Device device, Graph graph, Compiler.Options options) {
    return open(device, graph, options, null);
  }

  /** @param budget the most memory a run may take; null for the JVM heap or the device's global memory */
  public static ModelRunner open(Device device, Graph graph, Compiler.Options options, MemoryBudget budget) {
    return switch (device) {
      case ReferenceDevice r -> new ReferenceRunner(graph, budget);
      case OpenClDevice d -> new OpenClRunner(graph, d.info(), KernelBinaryCache.atDefaultLocation(), options, budget);
    };
  }
}
