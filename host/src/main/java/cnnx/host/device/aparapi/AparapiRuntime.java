package cnnx.host.device.aparapi;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.List;

/** What Aparapi finds here: its OpenCL devices in platform order, or why it found none. */
final class AparapiRuntime {
  /** The devices, or empty with {@code problem} saying why. */
  record Found(List<OpenCLDevice> devices, List<OpenCLPlatform> platforms, String problem) {}

  private static Found found;

  private AparapiRuntime() {}

  static synchronized Found discover() {
    if (found == null) {
      AparapiLog.install();
      try {
        List<OpenCLDevice> devices = new ArrayList<>();
        List<OpenCLPlatform> platforms = new ArrayList<>();
        for (OpenCLPlatform p : new OpenCLPlatform().getOpenCLPlatforms()) {
          for (OpenCLDevice d : p.getOpenCLDevices()) {
            devices.add(d);
            platforms.add(p);
          }
        }
        found = new Found(List.copyOf(devices), List.copyOf(platforms),
            devices.isEmpty() ? "Aparapi found no OpenCL platform with a device" : null);
      } catch (RuntimeException | LinkageError e) {
        found = new Found(List.of(), List.of(), "Aparapi could not query OpenCL: " + e);
      }
    }
    return found;
  }
}
