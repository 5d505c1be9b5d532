package cnnx.host.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Same input, same device, same plan: bitwise identical outputs, across runs and across
 * processes. Each run is a separate JVM running {@code cnnx run} on the bundled demo model.
 */
class DeterminismTest {
  private static byte[] runInNewProcess(Path dir, String device, int k) throws IOException, InterruptedException {
    Path out = dir.resolve(device.replace(':', '_') + "-" + k);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "cnnx.host.cli.Main", "run", dir.resolve("model.onnx").toString(),
        "--input", dir.resolve("input_0.pb").toString(), "--output-dir", out.toString(), "--device", device));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("cnnx run did not finish");
    }
    assertEquals(0, p.exitValue(), log);
    return Files.readAllBytes(out.resolve("output_0.pb"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"reference", "opencl"})
  void outputsAreBitwiseIdenticalAcrossProcesses(String device, @TempDir Path dir) throws Exception {
    if (device.equals("opencl")) {
      cnnx.host.testing.OpenClHarness.requireDevice();
    }
    DemoInputs.write(dir);
    byte[] first = runInNewProcess(dir, device, 1);
    byte[] second = runInNewProcess(dir, device, 2);
    assertArrayEquals(first, second, device + ": two processes gave different bytes");
  }
}
