package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Measuring a real device, and keeping the figures per device on disk. */
class CalibrationTest {
  @TempDir Path dir;

  @Test
  void measuresPlausibleFiguresOnTheDevice() {
    DeviceInfo device = OpenClTestDevice.require();
    try (ClContext ctx = ClContext.open(device)) {
      long start = System.nanoTime();
      Calibration.Result r = Calibration.measure(ctx);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("calibration of %s: %.1f GFLOP/s fp32, %.1f GB/s, in %.2f s (%s)%n",
          device.deviceName(), r.fp32Gflops(), r.memoryGBps(), seconds, r.method());
      assertTrue(r.fp32Gflops() > 0 && r.memoryGBps() > 0, r.toString());
      if (device.platformName().contains("Portable Computing Language")) {
        // sanity bounds for a CPU, not timing asserts
        assertTrue(r.fp32Gflops() > 1 && r.fp32Gflops() < 10_000, r.toString());
        assertTrue(r.memoryGBps() > 0.5 && r.memoryGBps() < 1_000, r.toString());
      }
    }
  }

  @Test
  void kernelsFitTheDevice() {
    CalibrationKernels cpu = CalibrationKernels.forDevice(device("cpu", 2, ClDeviceType.CPU, 16));
    assertEquals(List.of(16, 24, 8L), List.of(cpu.width(), cpu.chains(), cpu.workItems()));
    assertEquals(64L << 20, cpu.copyBytes());
    assertTrue(cpu.source().contains("float16 x23 = "), cpu.source());
    CalibrationKernels gpu = CalibrationKernels.forDevice(device("gpu", 100, ClDeviceType.GPU, 1));
    assertEquals(List.of(1, 8), List.of(gpu.width(), gpu.chains()));
    assertTrue(gpu.source().contains("__global float* out"), gpu.source());
  }

  @Test
  void gpuShapedSourceBuildsAndRuns() {
    // the scalar, few-chain variant is what GPUs get; check it compiles and computes here too
    CalibrationKernels gpu = CalibrationKernels.forDevice(device("gpu", 1, ClDeviceType.GPU, 1));
    try (ClContext ctx = ClContext.open(OpenClTestDevice.require());
        ClProgram program = ctx.buildProgram(gpu.source(), "");
        ClKernel kernel = program.kernel(CalibrationKernels.PEAK);
        ClBuffer out = ctx.createBuffer(4 * Float.BYTES, ClContext.Access.WRITE_ONLY)) {
      kernel.arg(0, out).arg(1, 0.5f).arg(2, 1f).arg(3, 40);
      try (ClEvent run = ctx.launch(kernel, new long[] {4}, null)) {
        run.await();
      }
      float[] sums = new float[4];
      out.read(sums);
      // x -> x/2 + 1 converges to 2 in every chain: 8 chains sum to 16
      assertEquals(16f, sums[3], 1e-4f);
    }
  }

  @Test
  void secondGetReadsTheFileInsteadOfMeasuring() {
    DeviceInfo device = device("pthread-test", 2, ClDeviceType.CPU, 16);
    AtomicInteger measured = new AtomicInteger();
    Supplier<Calibration.Result> measure = counting(measured);
    Calibration.Result first = new CalibrationCache(dir).get(device, measure);
    Calibration.Result again = new CalibrationCache(dir).get(device, measure);
    assertEquals(1, measured.get());
    assertEquals(first, again);
    // another device (one compute unit fewer) is measured on its own
    new CalibrationCache(dir).get(device("pthread-test", 1, ClDeviceType.CPU, 16), measure);
    assertEquals(2, measured.get());
  }

  @Test
  void damagedFileIsMeasuredAgainAndReplaced() throws IOException {
    DeviceInfo device = device("pthread-test", 2, ClDeviceType.CPU, 16);
    CalibrationCache cache = new CalibrationCache(dir);
    AtomicInteger measured = new AtomicInteger();
    cache.get(device, counting(measured));
    Path file = cache.entryPath(device);
    String good = Files.readString(file);
    List<String> damages = List.of(
        good.replace("fp32Gflops=123.5", "fp32Gflops=923.5"), // checksum no longer matches
        good.substring(0, good.length() / 2),
        "",
        "garbage\u0000\u0001");
    for (String damaged : damages) {
      Files.writeString(file, damaged, StandardCharsets.UTF_8);
      int before = measured.get();
      assertEquals(123.5, cache.get(device, counting(measured)).fp32Gflops());
      assertEquals(before + 1, measured.get(), "re-measured after: " + damaged);
      assertEquals(good, Files.readString(file), "file replaced");
    }
    assertNotEquals(good, damages.get(0));
  }

  @Test
  void liveGetUsesTheCache() {
    DeviceInfo device = OpenClTestDevice.require();
    AtomicInteger measured = new AtomicInteger();
    CalibrationCache cache = new CalibrationCache(dir, ctx -> {
      measured.incrementAndGet();
      return new Calibration.Result(10, 2, "stub");
    });
    try (ClContext ctx = ClContext.open(device)) {
      cache.get(ctx);
      assertEquals(new Calibration.Result(10, 2, "stub"), cache.get(ctx));
    }
    assertEquals(1, measured.get());
    assertTrue(Files.exists(cache.entryPath(device)));
  }

  @Test
  void defaultDirectorySitsBesideTheKernelCache() {
    assertEquals(Path.of("/tmp/c/calibration"),
        CalibrationCache.defaultDirectory(Map.of("CNNX_KERNEL_CACHE", "/tmp/c/cnnx"), "/home/u"));
    assertEquals(Path.of("/home/u/.cache/cnnx/calibration"), CalibrationCache.defaultDirectory(Map.of(), "/home/u"));
  }

  private static Supplier<Calibration.Result> counting(AtomicInteger count) {
    return () -> {
      count.incrementAndGet();
      return new Calibration.Result(123.5, 21.25, "stub");
    };
  }

  private static DeviceInfo device(String name, int computeUnits, ClDeviceType type, int vectorWidth) {
    return new DeviceInfo(0, 0, 0, "Portable Computing Language", "OpenCL 3.0 PoCL 3.1", name, "AuthenticAMD",
        "3.1", "OpenCL 3.0 PoCL", type, computeUnits, 8L << 30, 1 << 20, 4L << 30, 4096, List.of(), vectorWidth);
  }
}
