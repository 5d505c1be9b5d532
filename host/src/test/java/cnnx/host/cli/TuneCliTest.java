package cnnx.host.cli;

import static cnnx.host.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.Tuning;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cli.CliTest.Result;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.schedule.TuningStore;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnx tune} and the tables it keeps, each command in its own process: the report names every layer key and
 * the trials run; a table kept beside the kernel cache changes what later compiles for the device emit, their runs
 * still match the reference, and {@code -Dcnnx.tuning=off} ignores it.
 */
class TuneCliTest {
  @TempDir
  Path dir;

  private Map<String, String> env() {
    return Map.of("CNNX_KERNEL_CACHE", dir.resolve("kc/cnnx").toString(), "CNNX_PLAN_CACHE",
        dir.resolve("plans").toString());
  }

  private Path model() throws IOException {
    Path m = dir.resolve("two-blocks.onnx");
    Files.write(m, TestModels.twoBlocks());
    TensorFiles.write(dir.resolve("x.pb"), "x", RandomTensors.normal(new SplittableRandom(5), 1, 3, 12, 12));
    return m;
  }

  @Test
  void tuneReportsEveryLayerKeyAndKeepsItsTableBesideTheKernelCache() throws IOException {
    OpenClHarness.requireDevice();
    Result r = cli(env(), "tune", model().toString(), "--device", "opencl:0", "--runs", "3");
    assertEquals(0, r.code(), r.out() + r.err());
    Matcher m = Pattern.compile("device: opencl:0; (\\d+) layer keys, (\\d+) of (\\d+) trials run").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals("2", m.group(1), "two conv blocks of other shapes: " + r.out());
    assertEquals(m.group(3), m.group(2), r.out());
    assertTrue(r.err().contains("tune: trial 1 of " + m.group(3)), r.err());
    assertTrue(r.out().contains("keys take another variant than the rules'"), r.out());
    Matcher kept = Pattern.compile("table kept in (\\S+); later compiles").matcher(r.out());
    if (kept.find()) {
      Path table = Path.of(kept.group(1));
      assertTrue(Files.isRegularFile(table) && table.startsWith(dir.resolve("kc")), table.toString());
    } else {
      assertTrue(r.out().contains("no table kept: "), r.out());
    }
    Result bad = cli(env(), "tune", model().toString(), "--device", "opencl:0", "--runs", "0");
    assertEquals(2, bad.code(), bad.err());
    Path relu = dir.resolve("relu.onnx");
    Files.write(relu, new cnnx.compiler.testing.OnnxModelBuilder().input("x", 1L, 4L).node("Relu",
        cnnx.compiler.testing.OnnxModelBuilder.names("x"), cnnx.compiler.testing.OnnxModelBuilder.names("y"))
        .output("y").toBytes());
    Result none = cli(env(), "tune", relu.toString(), "--device", "opencl:0");
    assertEquals(0, none.code(), none.err());
    assertTrue(none.out().contains("no table kept: no layer of this model has kernel variants"), none.out());
    Result reference = cli(env(), "tune", model().toString(), "--device", "reference");
    assertEquals(3, reference.code(), reference.err());
    assertTrue(reference.err().contains("no compiled plans"), reference.err());
  }

  @Test
  void aTableChangesWhatIsEmittedAndRunsStillMatchTheReference() throws IOException {
    OpenClHarness.requireDevice();
    Path m = model();
    Result rules = cli(env(), "compile", m.toString(), "--device", "opencl:0", "--print-plan");
    assertEquals(0, rules.code(), rules.err());

    // the second variant of every layer, in the table of the device here
    Target t = DeviceRegistry.discover().resolve("opencl:0").target().orElseThrow();
    List<Tuning.Offer> offers = new Compiler().compile(new OnnxImporter().load(m), t,
        Compiler.Options.defaults().withTuning(Tuning.trial(0))).tuned();
    Map<String, String> table = new java.util.TreeMap<>();
    offers.forEach(o -> table.put(o.key(), o.variants().get(1)));
    new TuningStore(dir.resolve("kc/tuning")).merge(t, table);

    Result tuned = cli(env(), "compile", m.toString(), "--device", "opencl:0", "--print-plan");
    assertEquals(0, tuned.code(), tuned.err());
    assertNotEquals(launchLines(rules.out()), launchLines(tuned.out()), "the table's variants are emitted");
    Map<String, String> off = new java.util.HashMap<>(env());
    off.put("JAVA_TOOL_OPTIONS", "-Dcnnx.tuning=off");
    Result ignored = cli(off, "compile", m.toString(), "--device", "opencl:0", "--print-plan");
    assertEquals(launchLines(rules.out()), launchLines(ignored.out()), "-Dcnnx.tuning=off: the rules' plan");

    for (String device : new String[] {"reference", "opencl:0"}) {
      Result run = cli(env(), "run", m.toString(), "--device", device, "--input", dir.resolve("x.pb").toString(),
          "--output-dir", dir.resolve(device.replace(':', '_')).toString());
      assertEquals(0, run.code(), run.err());
    }
    Tensor expected = TensorFiles.read(dir.resolve("reference/output_0.pb"));
    TensorAssert.assertClose(expected, TensorFiles.read(dir.resolve("opencl_0/output_0.pb")), 1e-4, 1e-4,
        "the tuned plan's output");
  }

  /** The plan's launch lines (kernels, sizes, notes), without the header's timings. */
  private static List<String> launchLines(String planText) {
    return planText.lines().filter(l -> l.matches("\\s*\\d+ @.*")).toList();
  }
}
