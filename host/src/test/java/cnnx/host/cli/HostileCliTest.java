package cnnx.host.cli;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on hostile files and values: every case ends in exit 2 with one line (usage for
 * bad values), never a hang, a crash, a write through a link or a lost file.
 */
class HostileCliTest {
  private static CliTest.Result cli(String... args) {
    return CliTest.cli(args);
  }

  /** x [1,4] → Relu → y, and a valid input file for it. */
  private static Path relu(Path dir) throws IOException {
    Files.write(dir.resolve("model.onnx"),
        new OnnxModelBuilder().input("x", 1L, 4L).node("Relu", names("x"), names("y")).output("y").toBytes());
    TensorFiles.write(dir.resolve("in.pb"), "x", Tensor.ofFloats(new int[] {1, 4}, new float[] {-1, 2, -3, 4}));
    return dir.resolve("model.onnx");
  }

  private static void assertOneLineExit2(CliTest.Result r) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("cnnx: "), r.err());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang here is the bug: the guard only ends the test
  void aFifoAsInputIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
    Path model = relu(dir);
    Path fifo = dir.resolve("fifo.pb");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor() == 0, "mkfifo is not available");
    CliTest.Result r = cli("run", model.toString(), "--input", fifo.toString(), "--output-dir", dir.resolve("o").toString());
    assertOneLineExit2(r);
    assertTrue(r.err().contains("not a regular file"), r.err());
  }

  @Test
  void aDeviceFileAsInputIsRefused(@TempDir Path dir) throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")));
    CliTest.Result r = cli("run", relu(dir).toString(), "--input", "/dev/zero", "--output-dir", dir.resolve("o").toString());
    assertOneLineExit2(r);
    assertTrue(r.err().contains("/dev/zero: not a regular file"), r.err());
  }

  @Test
  void aDanglingLinkInPlaceOfAnOutputIsNeverWrittenThrough(@TempDir Path dir) throws Exception {
    Path model = relu(dir);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path outside = dir.resolve("outside.pb");
    Files.createSymbolicLink(out.resolve("output_0.pb"), outside);
    for (String[] extra : new String[][] {{}, {"--overwrite"}}) {
      String[] args = concat(new String[] {"run", model.toString(), "--input", dir.resolve("in.pb").toString(),
          "--output-dir", out.toString()}, extra);
      CliTest.Result r = cli(args);
      assertOneLineExit2(r);
      assertTrue(r.err().contains("symbolic link"), r.err());
      assertFalse(Files.exists(outside), "written through the link");
    }
  }

  @Test
  void anOutputThatCannotBeReplacedLeavesTheOldFilesAsTheyWere(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.write(dir.resolve("two.onnx"), new OnnxModelBuilder().input("x", 1L, 4L)
        .node("Relu", names("x"), names("y")).node("Neg", names("x"), names("z")).output("y").output("z").toBytes());
    relu(dir);
    byte[] old = {1, 2, 3};
    Files.write(out.resolve("output_0.pb"), old);
    Files.createDirectories(out.resolve("output_1.pb"));
    CliTest.Result r = cli("run", dir.resolve("two.onnx").toString(), "--input", dir.resolve("in.pb").toString(),
        "--output-dir", out.toString(), "--overwrite");
    assertOneLineExit2(r);
    assertArrayEquals(old, Files.readAllBytes(out.resolve("output_0.pb")));
    try (var s = Files.list(out)) {
      assertEquals(2, s.count(), "no temporary file left behind");
    }
  }

  @Test
  void outputsAreReplacedTogetherWithOverwrite(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.write(out.resolve("output_0.pb"), new byte[] {9});
    CliTest.Result r = cli("run", relu(dir).toString(), "--input", dir.resolve("in.pb").toString(),
        "--output-dir", out.toString(), "--overwrite");
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(new float[] {0, 2, 0, 4}, TensorFiles.read(out.resolve("output_0.pb")).floats());
    try (var s = Files.list(out)) {
      assertEquals(1, s.count(), "no temporary file left behind");
    }
  }

  @Test
  void anOutputDirThatIsAFileIsAUsageError(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("plain"), new byte[] {1});
    CliTest.Result r = cli("run", relu(dir).toString(), "--input", dir.resolve("in.pb").toString(),
        "--output-dir", file.toString());
    assertOneLineExit2(r);
    assertTrue(r.err().contains("is not a folder"), r.err());
  }

  @Test
  void nonsenseTolerancesAreUsageErrors(@TempDir Path dir) throws Exception {
    relu(dir);
    for (String[] bad : new String[][] {{"--rtol", "-1"}, {"--atol", "NaN"}, {"--rtol", "Infinity"}}) {
      CliTest.Result r = cli(concat(new String[] {"compare", dir.toString()}, bad));
      assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
      assertTrue(r.err().startsWith("cnnx: "), r.err());
    }
  }

  @Test
  void controlCharactersInNamesStayOnOneEscapedLine(@TempDir Path dir) throws Exception {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 2L, 6L, 6L).initializer("w", new float[8], 4, 2, 1, 1)
        .node("Conv", names("x", "w"), names("y"), attrInts("pads", 200_000_000, 0, 200_000_000, 0)).output("y");
    ModelProto.Builder m = b.build().toBuilder();
    m.getGraphBuilder().getNodeBuilder(0).setName("evil\ncnnx: ok, all good\u0000\r");
    Path model = Files.write(dir.resolve("evil.onnx"), m.build().toByteArray());
    CliTest.Result r = cli("inspect", model.toString());
    assertOneLineExit2(r);
    assertEquals(1, r.err().strip().split("\n").length, r.err());
    assertTrue(r.err().contains("evil\\x0acnnx: ok, all good\\x00\\x0d"), r.err());
    assertTrue(r.err().contains("over the limit of 1073741824"), r.err());
  }

  @Test
  void sizeBombsAreExitTwoForInspectAndRunAlike(@TempDir Path dir) throws Exception {
    Path model = Files.write(dir.resolve("bomb.onnx"), new OnnxModelBuilder().input("x", 1L, 4L)
        .initializerLongs("r", new long[] {70_000, 70_000}, 2)
        .node("Tile", names("x", "r"), names("y")).output("y").toBytes());
    TensorFiles.write(dir.resolve("in.pb"), "x", Tensor.ofFloats(new int[] {1, 4}, new float[4]));
    CliTest.Result inspect = cli("inspect", model.toString());
    CliTest.Result run = cli("run", model.toString(), "--input", dir.resolve("in.pb").toString(),
        "--output-dir", dir.resolve("o").toString());
    assertOneLineExit2(inspect);
    assertOneLineExit2(run);
    assertEquals(inspect.err(), run.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
