package cnnx.host.device.aparapi;

import static cnnx.compiler.ir.Node.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device aparapi} from the command line, each run in its own JVM. With OpenCL hidden from Aparapi
 * ({@code OCL_ICD_VENDORS} naming an empty folder, so the ICD loader finds no platform), Aparapi would run the
 * kernels on its Java thread pool: cnnx refuses that (exit 4, naming the kernel and Aparapi's reason) unless the
 * caller allows it with {@code --fallback aparapi-jtp}, and then the provenance says the launches ran on the JVM.
 */
class AparapiCliTest {
  record Run(int code, String out, String err) {}

  private static Run cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xss16m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("cnnx-aparapi", ".out");
    Path err = Files.createTempFile("cnnx-aparapi", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("cnnx " + String.join(" ", args) + " did not finish");
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** y = relu(x) + 1 on 1x4: two launches (unary, binary). */
  private static Path model(Path dir, String activation) throws IOException {
    Files.write(dir.resolve("model.onnx"), new OnnxModelBuilder().input("x", 1L, 4L)
        .initializer("one", new float[] {1}, 1L)
        .node(activation, names("x"), names("a"))
        .node("Add", names("a", "one"), names("y"))
        .output("y").toBytes());
    Path set = Files.createDirectories(dir.resolve("test_data_set_0"));
    TensorFiles.write(set.resolve("input_0.pb"), "x", Tensor.ofFloats(new int[] {1, 4}, new float[] {-1, 2, -3, 4}));
    TensorFiles.write(set.resolve("output_0.pb"), "y", Tensor.ofFloats(new int[] {1, 4}, new float[] {1, 3, 1, 5}));
    return dir;
  }

  private static Map<String, String> openClHidden(Path dir) throws IOException {
    return Map.of("OCL_ICD_VENDORS", Files.createDirectories(dir.resolve("no-vendors")).toString());
  }

  @Test
  void threadPoolFallbackIsRefusedWhenOpenClIsHidden(@TempDir Path dir) throws Exception {
    Run r = cli(openClHidden(dir), "compare", model(dir, "Relu").toString(), "--device", "aparapi");
    assertEquals(4, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("UnaryKernel") && r.err().contains("Java thread pool instead of OpenCL"), r.err());
    assertTrue(r.err().contains("no OpenCL"), "Aparapi's reason: " + r.err());
  }

  @Test
  void allowedFallbackRunsOnTheJvmAndSaysSo(@TempDir Path dir) throws Exception {
    Path m = model(dir, "Relu");
    Run r = cli(openClHidden(dir), "run", m.resolve("model.onnx").toString(), "--input",
        m.resolve("test_data_set_0/input_0.pb").toString(), "--device", "aparapi", "--fallback", "aparapi-jtp",
        "--show-provenance", "--output-dir", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("FALLBACK") && r.out().contains("Java thread pool instead of OpenCL"), r.out());
    assertTrue(r.out().contains("ran on JVM: Aparapi's Java thread pool"), r.out());
    Tensor y = TensorFiles.read(dir.resolve("out/output_0.pb"));
    assertEquals(List.of(1f, 3f, 1f, 5f), List.of(box(y.floats())));
  }

  @Test
  void opsWithoutAKernelMakeTheModelUnsupported(@TempDir Path dir) throws Exception {
    Run r = cli(Map.of(), "compare", model(dir, "Erf").toString(), "--device", "aparapi");
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("Erf") && r.err().contains("no Aparapi kernel computes Erf"), r.err());
  }

  @Test
  void launchesSayTheyRanAsOpenCl(@TempDir Path dir) throws Exception {
    AparapiTestDevice.require();
    Path m = model(dir, "Relu");
    Run r = cli(Map.of(), "run", m.resolve("model.onnx").toString(), "--input",
        m.resolve("test_data_set_0/input_0.pb").toString(), "--device", "aparapi", "--show-provenance",
        "--output-dir", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(2, r.out().lines().filter(l -> l.strip().startsWith("ran on OpenCL on")).count(), r.out());
  }

  private static Float[] box(float[] f) {
    Float[] b = new Float[f.length];
    for (int i = 0; i < f.length; i++) {
      b[i] = f[i];
    }
    return b;
  }
}
