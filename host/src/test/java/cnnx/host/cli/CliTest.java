package cnnx.host.cli;

import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands and exit codes on small models made here. */
class CliTest {
  record Result(int code, String out, String err) {}

  /**
   * Runs the CLI as a user does: in its own JVM (the test class path), reading all of its output after it exits,
   * so that output lost at exit shows up here.
   */
  static Result cli(String... args) {
    return cli(java.util.Map.of(), args);
  }

  /** As {@link #cli(String...)}, with these variables added to the command's environment. */
  static Result cli(java.util.Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xss16m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("cnnx-cli", ".out");
      Path err = Files.createTempFile("cnnx-cli", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError("cnnx " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
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

  private static Path reluCase(Path dir, float[] expected) throws IOException {
    Files.write(dir.resolve("model.onnx"),
        new OnnxModelBuilder().input("x", 1L, 4L).node("Relu", names("x"), names("y")).output("y").toBytes());
    Path set = Files.createDirectories(dir.resolve("test_data_set_0"));
    TensorFiles.write(set.resolve("input_0.pb"), "x", Tensor.ofFloats(new int[] {1, 4}, new float[] {-1, 2, -3, 4}));
    TensorFiles.write(set.resolve("output_0.pb"), "y", Tensor.ofFloats(new int[] {1, 4}, expected));
    return dir;
  }

  @Test
  void compareExitsZeroWhenOutputsMatch(@TempDir Path dir) throws IOException {
    Result r = cli("compare", reluCase(dir, new float[] {0, 2, 0, 4}).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("test_data_set_0: PASS"), r.out());
  }

  @Test
  void compareExitsOneOnMismatch(@TempDir Path dir) throws IOException {
    Result r = cli("compare", reluCase(dir, new float[] {0, 2, 0, 5}).toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("FAIL"), r.out());
  }

  @Test
  void runWritesOutputsAndRefusesToOverwrite(@TempDir Path dir) throws IOException {
    reluCase(dir, new float[] {0, 2, 0, 4});
    Path outDir = dir.resolve("out");
    String[] args = {"run", dir.resolve("model.onnx").toString(), "--input",
        dir.resolve("test_data_set_0/input_0.pb").toString(), "--output-dir", outDir.toString()};
    Result r = cli(args);
    assertEquals(0, r.code(), r.err());
    Tensor y = TensorFiles.read(outDir.resolve("output_0.pb"));
    assertEquals(4f, y.floats()[3]);
    assertEquals(0f, y.floats()[0]);
    Result again = cli(args);
    assertEquals(2, again.code());
    assertTrue(again.err().contains("--overwrite"), again.err());
  }

  @Test
  void inspectReportsMacsAndParameters(@TempDir Path dir) throws IOException {
    float[] w = new float[8 * 3 * 3 * 3];
    Path model = dir.resolve("conv.onnx");
    Files.write(model, new OnnxModelBuilder().input("x", -1L, 3L, 10L, 10L).initializer("w", w, 8, 3, 3, 3)
        .node("Conv", names("x", "w"), names("y")).output("y").toBytes());
    Result r = cli("inspect", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("parameters: 216"), r.out());
    // 8 output channels x 8x8 positions x 27 MACs each, batch 1
    assertTrue(r.out().contains("13,824"), r.out());
  }

  @Test
  void malformedModelIsExitTwoWithOneLine(@TempDir Path dir) throws IOException {
    Path model = Files.write(dir.resolve("bad.onnx"), new byte[] {0x12, 0x7f, 0x01});
    Result r = cli("inspect", model.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void unsupportedOpIsExitThree(@TempDir Path dir) throws IOException {
    Path model = dir.resolve("m.onnx");
    Files.write(model, new OnnxModelBuilder().input("x", 1L, 4L).node("NoSuchOp", names("x"), names("y"))
        .output("y").toBytes());
    Result r = cli("inspect", model.toString());
    assertEquals(3, r.code());
    assertTrue(r.err().contains("NoSuchOp"), r.err());
  }
}
