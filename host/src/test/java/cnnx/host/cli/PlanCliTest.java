package cnnx.host.cli;

import static cnnx.host.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.cli.CliTest.Result;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets, saved plans and providers through the command line, each command in its own process: a plan compiled
 * for a preset names it on every line; a plan saved for the device here runs without the model and gives the
 * direct run's outputs bit for bit; a damaged plan or one for another target exits 2.
 */
class PlanCliTest {
  @TempDir
  Path dir;

  private Path model() throws IOException {
    Path m = dir.resolve("two-blocks.onnx");
    Files.write(m, TestModels.twoBlocks());
    Tensor x = RandomTensors.normal(new SplittableRandom(21), 1, 3, 12, 12);
    TensorFiles.write(dir.resolve("x.pb"), "x", x);
    return m;
  }

  @Test
  void compileForAPresetNamesTheTargetOnEveryLaunch() throws IOException {
    Result gpu = cli("compile", model().toString(), "--target", "nvidia/h100-sxm", "--print-plan");
    assertEquals(0, gpu.code(), gpu.err());
    assertTrue(gpu.out().startsWith("target: nvidia/h100-sxm"), gpu.out());
    long launches = gpu.out().lines().filter(l -> l.matches("\\s*\\d+ @.*")).count();
    assertTrue(launches > 0, gpu.out());
    assertEquals(launches, gpu.out().lines().filter(l -> l.matches("\\s*\\d+ @nvidia/h100-sxm .*")).count());
    assertTrue(gpu.out().contains("subgroups of 32"), "work-groups reasoned from the GPU's warps: " + gpu.out());
    Result unfused = cli("compile", model().toString(), "--target", "nvidia/h100-sxm", "--print-plan", "--no-fuse");
    assertEquals(0, unfused.code(), unfused.err());
    assertTrue(traffic(gpu.out()) < traffic(unfused.out()), "fusion keeps intermediates off memory:\n" + gpu.out()
        + unfused.out());
    Result cpu = cli("compile", model().toString(), "--target", "intel/xeon-8380", "--print-plan");
    assertEquals(0, cpu.code(), cpu.err());
    assertTrue(cpu.out().contains("local=[1, 1, 1]"), cpu.out());
    Result unknown = cli("compile", model().toString(), "--target", "nvidia/gtx-0");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("presets: "), unknown.err());
  }

  /** The plan header's estimated bytes per run. */
  private static double traffic(String planText) {
    var m = java.util.regex.Pattern.compile("\nestimated DRAM traffic per run: ([0-9.]+) (kB|MB) ").matcher(planText);
    assertTrue(m.find(), planText);
    return Double.parseDouble(m.group(1)) * (m.group(2).equals("MB") ? 1e6 : 1e3);
  }

  @Test
  void aSavedPlanRunsWithoutTheModelBitForBit() throws IOException {
    OpenClHarness.requireDevice();
    Path m = model();
    Path plan = dir.resolve("m.cnnxplan");
    Result compiled = cli("compile", m.toString(), "--device", "opencl", "-o", plan.toString());
    assertEquals(0, compiled.code(), compiled.err());
    Result direct = cli("run", m.toString(), "--device", "opencl", "--input", dir.resolve("x.pb").toString(),
        "--output-dir", dir.resolve("direct").toString());
    assertEquals(0, direct.code(), direct.err());
    Files.delete(m); // the plan needs no model
    Result fromPlan = cli("run", plan.toString(), "--input", dir.resolve("x.pb").toString(), "--output-dir",
        dir.resolve("planned").toString());
    assertEquals(0, fromPlan.code(), fromPlan.err());
    assertTrue(fromPlan.out().contains("plan load"), fromPlan.out());
    assertArrayEquals(TensorFiles.read(dir.resolve("direct/output_0.pb")).floats(),
        TensorFiles.read(dir.resolve("planned/output_0.pb")).floats());
  }

  @Test
  void aDamagedPlanOrOneForAnotherTargetExitsTwo() throws IOException {
    OpenClHarness.requireDevice();
    Path plan = dir.resolve("h100.cnnxplan");
    assertEquals(0, cli("compile", model().toString(), "--target", "nvidia/h100-sxm", "-o", plan.toString()).code());
    Result other = cli("run", plan.toString(), "--device", "opencl", "--input", dir.resolve("x.pb").toString(),
        "--output-dir", dir.toString());
    assertEquals(2, other.code(), other.err());
    assertTrue(other.err().contains("compiled for nvidia/h100-sxm"), other.err());
    byte[] bytes = Files.readAllBytes(plan);
    bytes[bytes.length / 3] ^= 1;
    Path damaged = dir.resolve("damaged.cnnxplan");
    Files.write(damaged, bytes);
    Result bad = cli("run", damaged.toString(), "--input", dir.resolve("x.pb").toString(), "--output-dir",
        dir.toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals(1, bad.err().lines().count(), "one line: " + bad.err());
  }

  @Test
  void aDeviceFromAProviderOnTheClassPathRunsThroughTheCli() throws IOException {
    Path m = model();
    Result listed = cli("devices");
    assertEquals(0, listed.code(), listed.err());
    assertTrue(listed.out().contains("counting:0"), listed.out());
    Result run = cli("run", m.toString(), "--device", "counting", "--input", dir.resolve("x.pb").toString(),
        "--output-dir", dir.resolve("counted").toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("on counting:0"), run.out());
  }

  @Test
  void verifyPrintsTheWholeTableInItsOwnProcess() throws IOException {
    OpenClHarness.requireDevice();
    Result ok = cli("verify", model().toString(), "--device", "opencl", "--html", dir.resolve("v.html").toString());
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("PASS: "), ok.out());
    assertTrue(ok.out().contains("outputs within tolerance end to end"), ok.out());
    assertTrue(Files.readString(dir.resolve("v.html")).contains("data:image/png;base64,"));
    Result broken = cli("verify", model().toString(), "--device", "opencl", "--inject-fault", "relu_2=0.5");
    assertEquals(1, broken.code(), broken.out() + broken.err());
    assertTrue(broken.out().contains("first diverging ONNX node: relu_2 (Relu)"), broken.out());
    assertTrue(broken.out().endsWith("end to end\n"), "the report is complete: " + broken.out());
  }

  @Test
  void aSecondRunOfAModelLoadsTheCachedPlanAndGivesTheSameOutputs() throws IOException {
    OpenClHarness.requireDevice();
    Path m = model();
    java.util.Map<String, String> env = java.util.Map.of("CNNX_PLAN_CACHE", dir.resolve("plans").toString());
    List<String> runArgs = List.of("run", m.toString(), "--device", "opencl", "--input", dir.resolve("x.pb").toString(),
        "--overwrite", "--output-dir");
    Result first = cli(env, with(runArgs, dir.resolve("first").toString()));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("(compile and first run included)"), first.out());
    Result second = cli(env, with(runArgs, dir.resolve("second").toString()));
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().contains("(cached plan load and first run included)"), second.out());
    assertArrayEquals(TensorFiles.read(dir.resolve("first/output_0.pb")).floats(),
        TensorFiles.read(dir.resolve("second/output_0.pb")).floats());
    // a damaged cached plan is dropped and the model compiled again, with the same outputs
    try (var plans = Files.list(dir.resolve("plans"))) {
      for (Path p : plans.toList()) {
        byte[] bytes = Files.readAllBytes(p);
        bytes[bytes.length / 2] ^= 1;
        Files.write(p, bytes);
      }
    }
    Result damaged = cli(env, with(runArgs, dir.resolve("third").toString()));
    assertEquals(0, damaged.code(), damaged.err());
    assertTrue(damaged.out().contains("(compile and first run included)"), damaged.out());
    assertTrue(!damaged.err().contains("cnnx:"), damaged.err());
    assertArrayEquals(TensorFiles.read(dir.resolve("first/output_0.pb")).floats(),
        TensorFiles.read(dir.resolve("third/output_0.pb")).floats());
    Result off = cli(java.util.Map.of("CNNX_PLAN_CACHE", "off"), with(runArgs, dir.resolve("off").toString()));
    assertTrue(off.out().contains("(compile and first run included)"), off.out());
  }

  @Test
  void aModelWithExternalWeightsIsCompiledEveryTimeAndSeesItsWeightsChange() throws IOException {
    OpenClHarness.requireDevice();
    java.util.Map<String, String> env = java.util.Map.of("CNNX_PLAN_CACHE", dir.resolve("plans").toString());
    var w = cnnx.compiler.onnx.proto.OnnxProtos.TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
        .setDataLocation(cnnx.compiler.onnx.proto.OnnxProtos.TensorProto.DataLocation.EXTERNAL)
        .addExternalData(cnnx.compiler.onnx.proto.OnnxProtos.StringStringEntryProto.newBuilder().setKey("location")
            .setValue("w.bin")).build();
    Path m = dir.resolve("ext.onnx");
    Files.write(m, new cnnx.compiler.testing.OnnxModelBuilder().input("x", 1L, 4L).initializer(w)
        .node("Add", cnnx.compiler.testing.OnnxModelBuilder.names("x", "w"),
            cnnx.compiler.testing.OnnxModelBuilder.names("y")).output("y").toBytes());
    TensorFiles.write(dir.resolve("x4.pb"), "x", Tensor.ofFloats(new int[] {1, 4}, new float[] {1, 2, 3, 4}));
    float[] expected = {0, 0, 0, 0};
    for (float weight : new float[] {10, 20}) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 4; i++) {
        b.putFloat(weight);
        expected[i] = i + 1 + weight;
      }
      Files.write(dir.resolve("w.bin"), b.array());
      Result r = cli(env, "run", m.toString(), "--device", "opencl", "--input", dir.resolve("x4.pb").toString(),
          "--overwrite", "--output-dir", dir.resolve("ext").toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("(compile and first run included)"), r.out());
      assertArrayEquals(expected, TensorFiles.read(dir.resolve("ext/output_0.pb")).floats());
    }
  }

  private static String[] with(List<String> args, String last) {
    List<String> all = new java.util.ArrayList<>(args);
    all.add(last);
    return all.toArray(String[]::new);
  }
}
