package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.SmallCnn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-device specs on two real OpenCL devices: two of PoCL's one-thread {@code basic} devices (its
 * {@code pthread} devices share one worker pool in a process, so they would not run side by side), set up in the
 * child process's environment (PoCL reads it when OpenCL initialises, so it cannot be set in this JVM).
 */
class MultiDeviceCliTest {
  static final Map<String, String> TWO_DEVICES = Map.of("POCL_DEVICES", "basic basic");

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeCase() throws IOException {
    Files.write(dir.resolve("model.onnx"), SmallCnn.model());
    Random r = new Random(5);
    float[] x = new float[3 * 16 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    Tensor in = Tensor.ofFloats(new int[] {1, 3, 16, 16}, x);
    Path set = Files.createDirectories(dir.resolve("test_data_set_0"));
    TensorFiles.write(set.resolve("input_0.pb"), "x", in);
    Tensor y = new ReferenceInterpreter().run(new OnnxImporter().load(SmallCnn.model(), "small"), Map.of("x", in))
        .get("y");
    TensorFiles.write(set.resolve("output_0.pb"), "y", y);
  }

  static CliTest.Result cli(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xss16m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("cnnx-cli", ".out");
      Path err = Files.createTempFile("cnnx-cli", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(TWO_DEVICES);
        Process p = pb.start();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError("cnnx " + String.join(" ", args) + " did not finish");
        }
        return new CliTest.Result(p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void assumeTwoDevices() {
    CliTest.Result devices = cli("devices");
    assumeTrue(devices.out().contains("opencl:1"), "PoCL does not offer two devices here: " + devices.out());
  }

  private static String[] run(String device, Path outDir) {
    return new String[] {"run", dir.resolve("model.onnx").toString(), "--input",
        dir.resolve("test_data_set_0/input_0.pb").toString(), "--device", device, "--output-dir", outDir.toString(),
        "--show-provenance"};
  }

  @Test
  void aPipelineOverTwoDevicesGivesTheSingleDeviceOutputsBitForBit() throws IOException {
    assumeTwoDevices();
    CliTest.Result one = cli(run("opencl:0", dir.resolve("one")));
    assertEquals(0, one.code(), one.err());
    CliTest.Result two = cli(run("pipeline:opencl:0+opencl:1", dir.resolve("two")));
    assertEquals(0, two.code(), two.err());
    assertTrue(two.out().contains("stage 0 on opencl:0") && two.out().contains("stage 1 on opencl:1"), two.out());
    float[] a = TensorFiles.read(dir.resolve("one/output_0.pb")).floats();
    float[] b = TensorFiles.read(dir.resolve("two/output_0.pb")).floats();
    assertArrayEquals(a, b);
  }

  @Test
  void compareAndVerifyTakeMultiDeviceSpecs() {
    assumeTwoDevices();
    CliTest.Result compare = cli("compare", dir.toString(), "--device", "pipeline:opencl:0+opencl:1");
    assertEquals(0, compare.code(), compare.out() + compare.err());
    CliTest.Result verify = cli("verify", dir.resolve("model.onnx").toString(), "--device",
        "pipeline:opencl:0+opencl:1");
    assertEquals(0, verify.code(), verify.out() + verify.err());
    CliTest.Result auto = cli("compare", dir.toString(), "--device", "auto");
    assertEquals(0, auto.code(), auto.out() + auto.err());
  }

  @Test
  void malformedPipelinesAreInvalidNotCrashes() {
    for (String bad : List.of("pipeline:", "pipeline:opencl:0", "pipeline:opencl:0+opencl:0", "pipeline:opencl:0+")) {
      CliTest.Result r = cli(run(bad, dir.resolve("bad")));
      assertEquals(2, r.code(), bad + ": " + r.err());
      assertTrue(r.err().lines().count() <= 2, r.err());
    }
  }

  @Test
  void aPipelineWithAMissingDeviceIsADeviceError() {
    CliTest.Result r = cli(run("pipeline:opencl:0+opencl:7", dir.resolve("missing")));
    assertTrue(r.code() == 4, r.out() + r.err());
  }

  @Test
  void streamComparisonRunsBothAndFindsIdenticalOutputs() {
    assumeTwoDevices();
    CliTest.Result r = cli("plan", dir.resolve("model.onnx").toString(), "--devices", "opencl:0,opencl:1",
        "--objective", "throughput", "--stream", "6");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("outputs identical"), r.out());
  }
}
