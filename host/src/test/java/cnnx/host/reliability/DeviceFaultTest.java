package cnnx.host.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.ClFaults;
import cnnx.host.cl.DeviceException;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.LiveObjects;
import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.host.cl.Discovery;
import cnnx.host.device.Device;
import cnnx.host.device.Executable;
import cnnx.host.device.opencl.OpenClProvider;
import java.util.List;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Injected device faults (failed builds, allocation failures, enqueue and transfer errors): every
 * request either completes with outputs that match the reference or fails with a typed
 * DeviceException; the runner works again afterwards; no native object leaks. With a fallback
 * the caller allowed, every request completes and the provenance records the fallback.
 */
class DeviceFaultTest {
  private static final Graph MODEL = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
  private static final Map<String, Tensor> INPUT =
      Map.of("x", RandomTensors.normal(new SplittableRandom(4), 1, 3, 12, 12));
  private static final Tensor EXPECTED = new ReferenceInterpreter().run(MODEL, INPUT).get("y");

  @TempDir
  Path cacheDir;

  @AfterEach
  void disarm() {
    ClFaults.disarm();
  }

  /** Compiles and loads on the device, with a private, empty cache so that program builds really happen (and can fail). */
  private Executable load(DeviceInfo d) {
    OpenClProvider provider = new OpenClProvider(new Discovery(List.of(d), List.of()), new KernelBinaryCache(cacheDir));
    Device device = provider.devices().get(0);
    return provider.load(provider.prepare(MODEL, device, Compiler.Options.defaults()), device);
  }

  @ParameterizedTest
  @EnumSource(ClFaults.Point.class)
  void eachFaultPointFailsTypedAndLeavesTheRunnerUsable(ClFaults.Point point) {
    DeviceInfo d = OpenClHarness.requireDevice();
    var baseline = LiveObjects.snapshot();
    int failures = 0;
    for (long n = 1; n <= 6; n++) {
      Executable e = null;
      ClFaults.failNth(point, n);
      try {
        e = load(d);
        TensorAssert.assertClose(EXPECTED, e.run(INPUT).outputs().get("y"), 1e-3, 1e-4, point + " #" + n);
      } catch (DeviceException ex) {
        failures++;
        assertTrue(ex.getMessage().contains("injected fault"), ex.getMessage());
      }
      ClFaults.disarm();
      // usable afterwards: a loaded executable computes the right answer again; a failed load leaves nothing behind
      try (Executable again = e != null ? e : load(d)) {
        TensorAssert.assertClose(EXPECTED, again.run(INPUT).outputs().get("y"), 1e-3, 1e-4, point + " after #" + n);
      }
    }
    assertTrue(failures > 0, point + ": no injected fault was hit");
    assertEquals(baseline, LiveObjects.snapshot(), point + ": native objects leaked");
  }

  @Test
  void randomFaultsWithAnAllowedFallbackAlwaysComplete() {
    DeviceInfo d = OpenClHarness.requireDevice();
    var baseline = LiveObjects.snapshot();
    int fellBack = 0;
    for (int seed = 0; seed < 12; seed++) {
      ClFaults.failRandomly(seed, 0.05);
      CompileOptions o = CompileOptions.forDevice("opencl:" + d.index()).withFallback("reference")
          .withInputShapes(Map.of("x", INPUT.get("x").shape()));
      try (Session s = Cnnx.load(TestModels.twoBlocks(), "two-blocks.onnx").compile(o).newSession()) {
        Result result = s.run(Map.of("x", cnnx.api.Tensor.ofFloats(INPUT.get("x").shape(), INPUT.get("x").floats())));
        TensorAssert.assertClose(EXPECTED, Tensor.ofFloats(result.output(0).shape(), result.output(0).floats()), 1e-3,
            1e-4, "seed " + seed);
        if (result.provenance().fallbackFrom() != null) {
          fellBack++;
          assertTrue(result.provenance().device().startsWith("reference"));
          assertEquals("reference", result.provenance().deviceId(), "the device that ran it, not the one asked for");
        } else {
          assertEquals("opencl:" + d.index(), result.provenance().deviceId());
        }
      } finally {
        ClFaults.disarm();
      }
    }
    assertNotNull(baseline);
    assertEquals(baseline, LiveObjects.snapshot(), "native objects leaked");
    System.out.println("random faults: " + fellBack + " of 12 requests fell back to the reference");
  }
}
