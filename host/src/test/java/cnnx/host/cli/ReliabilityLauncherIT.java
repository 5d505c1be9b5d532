package cnnx.host.cli;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.cli.LauncherIT.cnnx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability options through the launcher {@code ./cnnx}, as a user types them: {@code --memory-limit} refuses a
 * model over it before allocating (exit 2, naming the largest tensors) and runs it under a larger one; bad sizes are
 * usage errors; a newer opset or IR version is exit 3 unless {@code --allow-newer-opset}, which the run's provenance
 * records, also when it runs from a plan saved with {@code compile -o}.
 */
class ReliabilityLauncherIT {
  /** x [1,1] expanded to [1, n], then Relu and a sum: two values of n floats live at once, a one-float output. */
  static Path expandModel(Path dir, String name, long n) throws IOException {
    Path model = dir.resolve(name);
    Files.write(model, new OnnxModelBuilder().input("x", 1L, 1L)
        .initializerLongs("shape", new long[] {1, n}, 2)
        .node("Expand", names("x", "shape"), names("wide"))
        .node("Relu", names("wide"), names("positive"))
        .node("ReduceSum", names("positive"), names("sum"), attr("keepdims", 0L))
        .output("sum").toBytes());
    return model;
  }

  static Path oneInput(Path dir) throws IOException {
    Path in = dir.resolve("x.pb");
    TensorFiles.write(in, "x", Tensor.ofFloats(new int[] {1, 1}, new float[] {0.5f}));
    return in;
  }

  private static List<String> run(Path model, Path input, Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", model.toString(), "--input", input.toString(), "--output-dir",
        dir.resolve("out").toString(), "--overwrite"));
    args.addAll(List.of(extra));
    return args;
  }

  private static boolean openCl(Path dir) {
    return cnnx(dir, List.of("devices")).out().contains("\nopencl:0");
  }

  @Test
  void aModelOverTheMemoryLimitIsRefusedNamingItsLargestTensorsAndRunsUnderALargerOne(@TempDir Path dir)
      throws IOException {
    Path model = expandModel(dir, "expand.onnx", 1L << 20); // 4 MiB per value: far under the defaults
    Path input = oneInput(dir);
    List<String> devices = new ArrayList<>(List.of("reference"));
    if (openCl(dir)) { // and the devices built on OpenCL: Aparapi's and a pipeline's stages
      devices.addAll(List.of("opencl", "aparapi", "pipeline:opencl+reference"));
    }
    for (String device : devices) {
      LauncherIT.Run refused = cnnx(dir, run(model, input, dir, "--device", device, "--memory-limit", "3M"));
      assertEquals(2, refused.code(), device + ": " + refused.out() + refused.err());
      // Aparapi's native library prints its own warning about PoCL's version when it starts; not cnnx's line
      String err = refused.err().lines().filter(l -> !l.startsWith("WARNING: Aparapi is running on an untested"))
          .collect(java.util.stream.Collectors.joining("\n"));
      assertTrue(err.startsWith("cnnx: ") && err.strip().lines().count() == 1, refused.err());
      assertTrue(refused.err().contains("over the memory limit of 3.0 MiB (--memory-limit)"), refused.err());
      assertTrue(refused.err().contains("largest tensors: [positive float[1x1048576] 4.0 MiB")
          || refused.err().contains("largest tensors: [wide float[1x1048576] 4.0 MiB"), device + ": " + refused.err());
      assertFalse(Files.exists(dir.resolve("out/output_0.pb")), "nothing is written when refused");

      // room for the driver's compiler too, when this machine's kernel cache does not hold the kernels yet
      LauncherIT.Run ran = cnnx(dir, run(model, input, dir, "--device", device, "--memory-limit", "512M"));
      assertEquals(0, ran.code(), device + ": " + ran.out() + ran.err());
      Tensor sum = TensorFiles.read(dir.resolve("out/output_0.pb"));
      assertEquals(0.5 * (1 << 20), sum.floats()[0], 1.0, device); // the sum of 2^20 halves
      Files.delete(dir.resolve("out/output_0.pb"));
    }
  }

  @Test
  void invalidMemoryLimitsAreUsageErrors(@TempDir Path dir) throws IOException {
    Path model = expandModel(dir, "expand.onnx", 16);
    Path input = oneInput(dir);
    for (String bad : new String[] {"-1", "abc", "0", "12Q", "NaN"}) {
      LauncherIT.Run r = cnnx(dir, run(model, input, dir, "--memory-limit", bad));
      assertEquals(2, r.code(), bad + ": " + r.out() + r.err());
      assertTrue(r.err().startsWith("cnnx: Invalid value for option '--memory-limit'"), bad + ": " + r.err());
      assertTrue(r.err().contains("Usage: cnnx run"), bad + ": " + r.err());
    }
    for (String command : new String[] {"compile", "compare", "classify", "verify"}) {
      LauncherIT.Run help = cnnx(dir, List.of(command, "--help"));
      assertTrue(help.out().contains("--memory-limit=SIZE"), command + ": " + help.out());
      assertTrue(help.out().contains("--allow-newer-opset"), command + ": " + help.out());
    }
  }

  @Test
  void aNewerOpsetOrIrVersionIsExitThreeUnlessAllowedAndTheRunRecordsIt(@TempDir Path dir) throws IOException {
    Path input = dir.resolve("x.pb");
    TensorFiles.write(input, "x", Tensor.ofFloats(new int[] {1, 3}, new float[] {-1, 0, 2}));
    int opset = OnnxImporter.MAX_OPSET + 1;
    long ir = OnnxImporter.MAX_IR_VERSION + 1;
    Path newOpset = dir.resolve("new-opset.onnx");
    Files.write(newOpset, relu().opset(opset).toBytes());
    Path newIr = dir.resolve("new-ir.onnx");
    Files.write(newIr, relu().irVersion(ir).toBytes());
    String opsetWhy = "opset " + opset + " is newer than the newest supported (" + OnnxImporter.MAX_OPSET + ")";
    String irWhy = "IR version " + ir + " is newer than the newest cnnx reads (" + OnnxImporter.MAX_IR_VERSION + ")";
    for (var c : List.of(List.of(newOpset, opsetWhy), List.of(newIr, irWhy))) {
      Path model = (Path) c.get(0);
      String why = (String) c.get(1);
      LauncherIT.Run strict = cnnx(dir, run(model, input, dir));
      assertEquals(3, strict.code(), strict.out() + strict.err());
      assertTrue(strict.err().contains(why) && strict.err().contains("--allow-newer-opset"), strict.err());

      LauncherIT.Run allowed = cnnx(dir, run(model, input, dir, "--allow-newer-opset"));
      assertEquals(0, allowed.code(), allowed.out() + allowed.err());
      assertTrue(allowed.out().contains("provenance: ") && allowed.out().contains("LOADED DESPITE (" + why + ")"),
          allowed.out());
      assertEquals(2f, TensorFiles.read(dir.resolve("out/output_0.pb")).floats()[2]);
      if (openCl(dir)) { // a plan saved from it still says so when it runs, with no model file at hand
        Path plan = dir.resolve("waived.cnnxplan");
        LauncherIT.Run compiled = cnnx(dir, List.of("compile", model.toString(), "--device", "opencl", "-o",
            plan.toString(), "--allow-newer-opset"));
        assertEquals(0, compiled.code(), compiled.out() + compiled.err());
        LauncherIT.Run fromPlan = cnnx(dir, run(plan, input, dir));
        assertEquals(0, fromPlan.code(), fromPlan.out() + fromPlan.err());
        assertTrue(fromPlan.out().contains("LOADED DESPITE (" + why + ")"), fromPlan.out());
      }
    }
    LauncherIT.Run strictRun = cnnx(dir, run(expandModel(dir, "current.onnx", 4), oneInput(dir), dir,
        "--allow-newer-opset"));
    assertEquals(0, strictRun.code(), strictRun.err());
    assertFalse(strictRun.out().contains("LOADED DESPITE"), "a current model waives nothing: " + strictRun.out());
  }

  private static OnnxModelBuilder relu() {
    return new OnnxModelBuilder().input("x", 1L, 3L).node("Relu", names("x"), names("y")).output("y");
  }
}
