package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./cnnx} on the packaged jar (failsafe, after {@code package}), as a user types it: help on
 * every command, the version, and every {@code ./cnnx} line of the README's command blocks run as written.
 */
class LauncherIT {
  private static final Path ROOT = Path.of(System.getProperty("cnnx.root", "..")).toAbsolutePath().normalize();

  record Run(int code, String out, String err) {}

  static Run cnnx(Path cwd, List<String> args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("cnnx").toString()));
    command.addAll(args);
    try {
      Path out = Files.createTempFile("cnnx-it", ".out");
      Path err = Files.createTempFile("cnnx-it", ".err");
      try {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(out.toFile())
            .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError("./cnnx " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
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

  @Test
  void everyCommandAnswersHelpWithExamples(@TempDir Path cwd) {
    Run top = cnnx(cwd, List.of("--help"));
    assertEquals(0, top.code(), top.err());
    List<String> commands = new ArrayList<>();
    boolean inCommands = false;
    for (String line : top.out().lines().toList()) {
      if (line.startsWith("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.matches("  \\S.*")) { // a name; wrapped descriptions are indented further
        String name = line.strip().split("\\s+")[0];
        if (!name.equals("help")) {
          commands.add(name);
        }
      } else if (inCommands && !line.startsWith(" ")) {
        inCommands = false;
      }
    }
    assertTrue(commands.containsAll(List.of("demo", "classify", "inspect", "run", "compare", "devices", "compile",
        "verify")), top.out());
    for (String c : commands) {
      Run r = cnnx(cwd, List.of(c, "--help"));
      assertEquals(0, r.code(), c + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: cnnx " + c), c + ": " + r.out());
      assertTrue(r.out().contains("-h, --help"), c + ": " + r.out());
      assertTrue(r.out().contains("Examples:\n  cnnx " + c), c + ": " + r.out());
      assertEquals("", r.err(), c);
    }
  }

  @Test
  void versionNamesTheBuildTheJdkAndOpenCl(@TempDir Path cwd) {
    Run r = cnnx(cwd, List.of("--version"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s)cnnx \\S+ \\(built \\d{4}-\\d\\d-\\d\\dT.*"), r.out());
    assertTrue(r.out().contains("\nJDK " + Runtime.version().feature()) || r.out().contains("\nJDK "), r.out());
    assertTrue(r.out().contains("OpenCL platform ") || r.out().contains("no opencl device"), r.out());
  }

  /**
   * Every {@code ./cnnx} line in the README's shell blocks, run as written in a folder holding what the lines name:
   * model.onnx (the demo's model), input_0.pb and photos/ (Fashion-MNIST images as PNG).
   */
  @Test
  void readmeCommandsRunAsWritten(@TempDir Path cwd) throws IOException {
    Files.write(cwd.resolve("model.onnx"), DemoCommand.resource(DemoCommand.MODEL));
    DemoImages images = DemoImages.parse(DemoCommand.resource(DemoCommand.IMAGES));
    images.batch(0, 2, 2).write(cwd.resolve("input_0.pb"), "image"); // the README's plan is for batch 2
    Path photos = Files.createDirectories(cwd.resolve("photos"));
    for (int i = 0; i < 4; i++) {
      BufferedImage png = new BufferedImage(DemoImages.SIDE, DemoImages.SIDE, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < DemoImages.SIDE; y++) {
        for (int x = 0; x < DemoImages.SIDE; x++) {
          png.getRaster().setSample(x, y, 0, images.pixel(i, y, x));
        }
      }
      ImageIO.write(png, "png", photos.resolve("photo" + i + ".png")
          .toFile());
    }
    boolean openCl = cnnx(cwd, List.of("devices")).out().contains("\nopencl:0");
    List<String> lines = readmeCommands();
    assertTrue(lines.contains("./cnnx demo"), lines.toString());
    for (String line : lines) {
      if (!openCl && (line.contains("opencl") || line.contains(".cnnxplan"))) {
        continue; // needs an OpenCL device (and the plan one compiles)
      }
      List<String> args = List.of(line.substring("./cnnx ".length()).split("\\s+"));
      Run r = cnnx(cwd, args);
      assertEquals(0, r.code(), line + "\n" + r.out() + r.err());
      assertFalse(r.err().contains("Exception"), line + ": " + r.err());
    }
    assertTrue(Files.exists(cwd.resolve("fashion-demo.png")), "./cnnx demo writes its grid");
  }

  /** The {@code ./cnnx ...} lines of the README's plain code blocks, comments cut off. */
  private static List<String> readmeCommands() throws IOException {
    List<String> out = new ArrayList<>();
    boolean inBlock = false;
    for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
      if (line.startsWith("```")) {
        inBlock = !inBlock && line.strip().equals("```");
        continue;
      }
      String cmd = line.replaceFirst("\\s+#.*$", "").strip();
      if (inBlock && cmd.startsWith("./cnnx ")) {
        out.add(cmd);
      }
    }
    return out;
  }
}
