package cnnx.host.device.aparapi;

import cnnx.boards.Target;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceDescription;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A device Aparapi runs kernels on: one of its OpenCL devices ({@code aparapi:N}); Aparapi's own choice when it
 * found none ({@code aparapi}: its kernels then land on its thread pool and are refused); or its Java thread
 * pool on purpose ({@code aparapi-jtp}).
 *
 * @param openCl the OpenCL device, or null
 * @param threadPool true for the Java thread pool asked for by name: its launches are JVM runs, not errors
 */
record AparapiDevice(String id, String kind, OpenCLDevice openCl, OpenCLPlatform platform, boolean threadPool)
    implements Device {
  @Override
  public DeviceDescription describe() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("runs", threadPool ? "Aparapi kernels on Aparapi's Java thread pool (JVM)"
        : openCl != null ? "Aparapi kernels translated to OpenCL" : "Aparapi kernels where Aparapi chooses (no OpenCL"
        + " device found: launches that fall back to its thread pool are refused)");
    if (openCl != null) {
      p.put("type", String.valueOf(openCl.getType()));
      p.put("compute units", Integer.toString(openCl.getMaxComputeUnits()));
      p.put("global memory", (openCl.getGlobalMemSize() >> 20) + " MiB");
      p.put("platform", platform.getName() + " " + platform.getVersion());
    }
    return new DeviceDescription(id, kind, name(), vendor(), p);
  }

  String name() {
    return threadPool ? "Aparapi Java thread pool" : openCl != null ? openCl.getName() : "Aparapi default device";
  }

  String vendor() {
    return openCl != null ? platform.getVendor() : "Aparapi";
  }

  /** The driver as provenance states it. */
  String driver() {
    return openCl != null ? platform.getVersion() : "Aparapi 3.0.2 on Java " + System.getProperty("java.version");
  }

  /** Aparapi devices run the lowered graph, not a compiled plan. */
  @Override
  public Optional<Target> target() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id;
  }
}
