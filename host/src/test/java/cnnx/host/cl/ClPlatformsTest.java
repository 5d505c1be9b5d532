package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClPlatformsTest {
  @Test
  void discoveryNeverThrowsAndExplainsAnEmptyResult() {
    Discovery discovery = OpenClPlatforms.discover();
    assertEquals(discovery.devices().isEmpty(), discovery.unavailableReason().isPresent());
    Discovery none = new Discovery(List.of(), List.of("no OpenCL platform is installed"));
    assertEquals("no OpenCL platform is installed", none.unavailableReason().orElseThrow());
    assertEquals(
        "no OpenCL device found",
        new Discovery(List.of(), List.of()).unavailableReason().orElseThrow());
  }

  @Test
  void discoveredDevicesDescribeThemselves() {
    OpenClTestDevice.require();
    List<DeviceInfo> devices = OpenClPlatforms.discover().devices();
    for (int i = 0; i < devices.size(); i++) {
      DeviceInfo d = devices.get(i);
      assertEquals(i, d.index(), "devices are numbered in discovery order");
      assertFalse(d.deviceName().isBlank());
      assertFalse(d.platformName().isBlank());
      assertTrue(d.platformVersion().startsWith("OpenCL "), d.platformVersion());
      assertTrue(d.openClVersion().startsWith("OpenCL "), d.openClVersion());
      assertTrue(d.openClMajorVersion() >= 1);
      assertTrue(d.computeUnits() > 0);
      assertTrue(d.globalMemBytes() > 0 && d.localMemBytes() > 0);
      assertTrue(d.maxAllocBytes() > 0 && d.maxAllocBytes() <= d.globalMemBytes());
      assertTrue(d.maxWorkGroupSize() > 0);
      assertTrue(d.preferredFloatVectorWidth() >= 1);
      assertTrue(d.summary().startsWith("opencl:" + i + " "), d.summary());
    }
  }

  @Test
  void versionStringsParse() {
    assertEquals(3, withVersion("OpenCL 3.0 PoCL HSTR: pthread").openClMajorVersion());
    assertEquals(1, withVersion("OpenCL 1.2 CUDA").openClMajorVersion());
    assertEquals(1, withVersion("garbage").openClMajorVersion());
  }

  static DeviceInfo withVersion(String version) {
    return new DeviceInfo(
        0,
        0,
        0,
        "p",
        "OpenCL 3.0",
        "d",
        "v",
        "1",
        version,
        ClDeviceType.CPU,
        1,
        1,
        1,
        1,
        1,
        List.of(),
        1);
  }
}
