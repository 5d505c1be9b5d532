package cnnx.host.device.aparapi;

import org.junit.jupiter.api.Assumptions;

/** Tests that need Aparapi on a real OpenCL device skip, with Aparapi's reason, when it finds none. */
final class AparapiTestDevice {
  private AparapiTestDevice() {}

  static void require() {
    AparapiRuntime.Found found = AparapiRuntime.discover();
    Assumptions.assumeTrue(!found.devices().isEmpty(), "no OpenCL device for Aparapi: " + found.problem());
  }
}
