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
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.opencl.OpenClDevice;
import cnnx.host.device.opencl.OpenClProvider;
import cnnx.host.device.reference.ReferenceDevice;
import cnnx.host.device.reference.ReferenceProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
  private static final Discovery TWO_DEVICES =
      new Discovery(List.of(info(0, "cpu-a"), info(1, "cpu-b")), List.of());
  private static final Discovery NO_OPENCL =
      new Discovery(List.of(), List.of("no OpenCL platform is installed"));

  private static DeviceRegistry registry(Discovery d) {
    return new DeviceRegistry(List.of(new OpenClProvider(d, new KernelBinaryCache(Path.of("unused"))),
        new ReferenceProvider()));
  }

  private static java.util.Optional<String> openClUnavailable(DeviceRegistry r) {
    return r.provider("opencl").unavailableReason();
  }

  @Test
  void referenceComesFirstThenOpenClInDiscoveryOrder() {
    DeviceRegistry registry = registry(TWO_DEVICES);
    assertEquals(
        List.of("reference", "opencl:0", "opencl:1"),
        registry.devices().stream().map(Device::id).toList());
    assertTrue(openClUnavailable(registry).isEmpty());
  }

  @Test
  void resolvesSpecs() {
    DeviceRegistry registry = registry(TWO_DEVICES);
    assertInstanceOf(ReferenceDevice.class, registry.resolve("reference"));
    assertSame(registry.devices().get(1), registry.resolve("opencl"));
    OpenClDevice second = assertInstanceOf(OpenClDevice.class, registry.resolve("opencl:1"));
    assertEquals("cpu-b", second.info().deviceName());
  }

  @Test
  void missingIndexListsWhatExists() {
    DeviceException e =
        assertThrows(
            DeviceException.class, () -> registry(TWO_DEVICES).resolve("opencl:2"));
    assertTrue(e.getMessage().contains("opencl:2"), e.getMessage());
    assertTrue(e.getMessage().contains("opencl:1 cpu-b"), e.getMessage());
    assertEquals(4, e.exitCode());
  }

  @Test
  void withoutOpenClOnlyTheReferenceRemainsAndOpenClSaysWhy() {
    DeviceRegistry registry = registry(NO_OPENCL);
    assertEquals(List.of("reference"), registry.devices().stream().map(Device::id).toList());
    assertEquals(
        "no OpenCL platform is installed", openClUnavailable(registry).orElseThrow());
    DeviceException e = assertThrows(DeviceException.class, () -> registry.resolve("opencl"));
    assertTrue(e.getMessage().contains("no OpenCL platform is installed"), e.getMessage());
    assertInstanceOf(ReferenceDevice.class, registry.resolve("reference"));
  }

  @Test
  void unknownKindsAndMalformedSpecsListWhatIsAccepted() {
    var e = assertThrows(IllegalArgumentException.class, () -> registry(TWO_DEVICES).resolve("gpu"));
    assertTrue(e.getMessage().contains("unknown device kind 'gpu'"), e.getMessage());
    assertTrue(e.getMessage().contains("opencl:N"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry(TWO_DEVICES).resolve("reference:0"));
  }

  @Test
  void descriptionsCarryTheFacts() {
    DeviceDescription cl = registry(TWO_DEVICES).resolve("opencl:0").describe();
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
    var openCl = registry.provider("opencl").devices();
    assertEquals(openCl.isEmpty(), openClUnavailable(registry).isPresent());
    for (Device device : openCl) {
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
