package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.CnnxException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenCL failures become DeviceExceptions that name the call, the code and, for builds, the log.
 */
class ClErrorTest {
  private static ClContext context;

  @BeforeAll
  static void open() {
    // Only the tests that touch a device need one; the naming tests run everywhere.
    var discovery = OpenClPlatforms.discover();
    context = discovery.devices().isEmpty() ? null : ClContext.open(discovery.devices().get(0));
  }

  @AfterAll
  static void close() {
    if (context != null) {
      context.close();
    }
  }

  private static ClContext context() {
    OpenClTestDevice.require();
    return context;
  }

  @Test
  void errorMessagesNameTheCallAndTheCode() {
    DeviceException e = DeviceException.clError("clCreateBuffer", -5, "64 bytes");
    assertEquals("clCreateBuffer failed: CL_OUT_OF_RESOURCES (-5) (64 bytes)", e.getMessage());
    assertEquals("clCreateBuffer", e.call().orElseThrow());
    assertEquals(-5, e.errorCode().orElseThrow());
    assertEquals("CL_OUT_OF_RESOURCES", e.errorName().orElseThrow());
    assertEquals(4, e.exitCode());
    assertTrue(e instanceof CnnxException);
    assertEquals("CL_PLATFORM_NOT_FOUND_KHR", ClErrors.name(-1001));
    assertEquals("CL_INVALID_KERNEL_NAME", ClErrors.name(-46));
    assertEquals("CL_UNKNOWN_ERROR", ClErrors.name(-9999));
  }

  @Test
  void failedBuildCarriesTheBuildLog() {
    String broken =
        """
        __kernel void broken(__global float* out) {
          out[get_global_id(0)] = undefined_thing * 2.0f;
        }
        """;
    ClContext context = context();
    var before = LiveObjects.snapshot();
    DeviceException e = assertThrows(DeviceException.class, () -> context.buildProgram(broken, ""));
    assertEquals("CL_BUILD_PROGRAM_FAILURE", e.errorName().orElseThrow());
    assertEquals("clBuildProgram", e.call().orElseThrow());
    assertTrue(e.buildLog().orElseThrow().contains("undefined_thing"), e.buildLog().orElseThrow());
    assertTrue(e.getMessage().contains("undefined_thing"), e.getMessage());
    assertTrue(e.getMessage().contains("build log"), e.getMessage());
    assertEquals(4, e.exitCode());
    assertEquals(Map.of(), LiveObjects.snapshot().since(before), "failed build leaked");
  }

  @Test
  void unknownKernelNameIsNamed() {
    try (ClProgram program = context().buildProgram(OpenClTestDevice.VECTOR_ADD, "")) {
      DeviceException e = assertThrows(DeviceException.class, () -> program.kernel("no_such"));
      assertEquals("CL_INVALID_KERNEL_NAME", e.errorName().orElseThrow());
      assertTrue(e.getMessage().contains("no_such"), e.getMessage());
      assertTrue(
          e.getMessage().contains("vector_add"), "lists the real kernels: " + e.getMessage());
    }
  }

  @Test
  void oversizedBufferIsRefusedByTheDriver() {
    ClContext context = context();
    long tooBig = context.device().maxAllocBytes() + 1;
    var before = LiveObjects.snapshot();
    DeviceException e =
        assertThrows(
            DeviceException.class, () -> context.createBuffer(tooBig, ClContext.Access.READ_WRITE));
    assertEquals("clCreateBuffer", e.call().orElseThrow());
    assertTrue(e.getMessage().startsWith("clCreateBuffer failed: CL_"), e.getMessage());
    assertEquals(Map.of(), LiveObjects.snapshot().since(before));
  }

  @Test
  void missingKernelArgumentFailsTheLaunch() {
    ClContext context = context();
    try (ClProgram program = context.buildProgram(OpenClTestDevice.VECTOR_ADD, "");
        ClKernel kernel = program.kernel("vector_add")) {
      DeviceException e =
          assertThrows(DeviceException.class, () -> context.launch(kernel, new long[] {4}, null));
      assertEquals("CL_INVALID_KERNEL_ARGS", e.errorName().orElseThrow());
      assertTrue(e.getMessage().contains("vector_add"), e.getMessage());
    }
  }
}
