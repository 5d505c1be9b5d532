package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.host.testing.OpenClHarness;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example in the README, exactly as written there, compiles and runs on the bundled demo model. */
class ReadmeExampleTest {
  @TempDir
  Path dir;

  @Test
  void theReadmeExampleCompilesAndRuns() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "the README has a ```java example");
    String source = m.group(1);
    Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
    assertTrue(cls.find(), "the example declares a public class");
    Path file = dir.resolve(cls.group(1) + ".java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, null, diagnostics, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
        file.toString());
    assertEquals(0, rc, "the README example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
    Path model = dir.resolve("fashion-cnn.onnx");
    try (InputStream in = getClass().getResourceAsStream("/cnnx/demo/fashion-cnn.onnx")) {
      Files.copy(in, model);
    }
    for (String device : devices()) {
      String out = runMain(cls.group(1), model.toString(), device);
      assertTrue(out.contains("10 scores"), device + ": " + out);
      assertTrue(out.contains("device " + (device.equals("reference") ? "reference" : "opencl:0")), out);
    }
  }

  private static List<String> devices() {
    try {
      OpenClHarness.requireDevice();
      return List.of("reference", "opencl");
    } catch (org.opentest4j.TestAbortedException noOpenCl) {
      return List.of("reference");
    }
  }

  private String runMain(String className, String... args) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      main.invoke(null, (Object) args);
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
