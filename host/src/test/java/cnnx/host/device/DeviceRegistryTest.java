package cnnx.host.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.host.cl.ClDeviceType;
import cnnx.host.cl.DeviceException;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.cl.Discovery;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
  private static final Discovery TWO_DEVICES =
      new Discovery(List.of(info(0, "cpu-a"), info(1, "cpu-b")), List.of());
  private static final Discovery NO_OPENCL =
      new Discovery(List.of(), List.of("no OpenCL platform is installed"));

  @Test
  void referenceComesFirstThenOpenClInDiscoveryOrder() {
    DeviceRegistry registry = new DeviceRegistry(TWO_DEVICES);
    assertEquals(
        List.of("reference", "opencl:0", "opencl:1"),
        registry.devices().stream().map(Device::id).toList());
    assertTrue(registry.openClUnavailableReason().isEmpty());
  }

  @Test
  void resolvesSpecs() {
    DeviceRegistry registry = new DeviceRegistry(TWO_DEVICES);
    assertInstanceOf(ReferenceDevice.class, registry.resolve("reference"));
    assertSame(registry.devices().get(1), registry.resolve("opencl"));
    OpenClDevice second = assertInstanceOf(OpenClDevice.class, registry.resolve("opencl:1"));
    assertEquals("cpu-b", second.info().deviceName());
  }

  @Test
  void missingIndexListsWhatExists() {
    DeviceException e =
        assertThrows(
            DeviceException.class, () -> new DeviceRegistry(TWO_DEVICES).resolve("opencl:2"));
    assertTrue(e.getMessage().contains("opencl:2"), e.getMessage());
    assertTrue(e.getMessage().contains("opencl:1 cpu-b"), e.getMessage());
    assertEquals(4, e.exitCode());
  }

  @Test
  void withoutOpenClOnlyTheReferenceRemainsAndOpenClSaysWhy() {
    DeviceRegistry registry = new DeviceRegistry(NO_OPENCL);
    assertEquals(List.of("reference"), registry.devices().stream().map(Device::id).toList());
    assertEquals(
        "no OpenCL platform is installed", registry.openClUnavailableReason().orElseThrow());
    DeviceException e = assertThrows(DeviceException.class, () -> registry.resolve("opencl"));
    assertTrue(e.getMessage().contains("no OpenCL platform is installed"), e.getMessage());
    assertInstanceOf(ReferenceDevice.class, registry.resolve("reference"));
  }

  @Test
  void descriptionsCarryTheFacts() {
    DeviceDescription cl = new DeviceRegistry(TWO_DEVICES).resolve("opencl:0").describe();
    assertEquals("opencl:0", cl.id());
    assertEquals("opencl", cl.kind());
    assertEquals("cpu-a", cl.name());
    assertEquals("16", cl.properties().get("preferred float vector width"));
    assertEquals("2", cl.properties().get("compute units"));
    assertTrue(cl.toText().startsWith("opencl:0: cpu-a (pocl)\n"), cl.toText());
    DeviceDescription ref = new ReferenceDevice().describe();
    assertEquals("reference", ref.kind());
    assertFalse(ref.properties().get("processors").isEmpty());
  }

  @Test
  void realDiscoveryAlwaysOffersTheReference() {
    DeviceRegistry registry = DeviceRegistry.discover();
    assertEquals("reference", registry.devices().get(0).id());
    assertEquals(
        registry.openClDevices().isEmpty(), registry.openClUnavailableReason().isPresent());
    for (OpenClDevice device : registry.openClDevices()) {
      assertSame(device, registry.resolve(device.id()));
    }
  }

  private static DeviceInfo info(int index, String name) {
    return new DeviceInfo(
        index,
        0,
        index,
        "Portable Computing Language",
        "OpenCL 3.0 PoCL",
        name,
        "pocl",
        "3.1",
        "OpenCL 3.0 PoCL",
        ClDeviceType.CPU,
        2,
        4L << 30,
        512 << 10,
        1L << 30,
        4096,
        List.of("cl_khr_fp64"),
        16);
  }
}
