package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.compiler.testing.SharedData;
import cnnx.host.testing.OpenClHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compiled model saved to a file runs with no ONNX file and no compiler work, bit for bit as the direct run; a
 * damaged plan or one compiled for another target is refused as invalid, never run.
 */
class SavedPlanTest {
  @TempDir
  Path dir;

  private static Path resnet18() {
    Path m = SharedData.root().resolve("onnx-models/resnet18");
    assumeTrue(Files.isDirectory(m), () -> "skipped: " + m + " is absent (" + SharedData.absentReason() + ")");
    return m;
  }

  @Test
  void resnet18FromAPlanFileIsBitwiseTheDirectRun() {
    OpenClHarness.requireDevice();
    Path dir18 = resnet18();
    TestCase c = TestCase.open(dir18);
    Path set = c.dataSets().get(0);
    Map<String, Tensor> in = c.inputs(set);
    CompiledModel compiled = c.model().compile(CompileOptions.forDevice("opencl").withInputsLike(in));
    Result direct;
    try (Session s = compiled.newSession()) {
      direct = s.run(in);
    }
    Path file = dir.resolve("resnet18.cnnxplan");
    compiled.save(file);
    CompiledModel loaded = Cnnx.loadPlan(file);
    assertEquals(compiled.target(), loaded.target());
    assertEquals(compiled.planText(), loaded.planText());
    try (Session s = loaded.newSession()) {
      Result fromFile = s.run(in);
      assertArrayEquals(direct.output(0).floats(), fromFile.output(0).floats());
    }
    // and both are right
    assertTrue(Comparison.of(c.expectedOutputs(set).get(0), direct.output(0), 1e-3, 1e-4).passed());
  }

  @Test
  void aDamagedPlanIsInvalid() throws IOException {
    Path file = dir.resolve("small.cnnxplan");
    Cnnx.load(cnnx.host.testing.TestModels.twoBlocks(), "two-blocks.onnx")
        .compile(CompileOptions.forTarget("intel/xeon-8380")).save(file);
    byte[] bytes = Files.readAllBytes(file);
    for (int at : new int[] {3, bytes.length / 2, bytes.length - 1}) {
      byte[] damaged = bytes.clone();
      damaged[at] ^= 0x10;
      Path bad = dir.resolve("bad-" + at);
      Files.write(bad, damaged);
      CnnxException e = assertThrows(CnnxException.class, () -> Cnnx.loadPlan(bad));
      assertEquals(CnnxException.Kind.INVALID, e.kind(), e.getMessage());
    }
  }

  @Test
  void aPlanForAnotherTargetIsRefusedOnThisDevice() {
    OpenClHarness.requireDevice();
    Path file = dir.resolve("h100.cnnxplan");
    Cnnx.load(cnnx.host.testing.TestModels.twoBlocks(), "two-blocks.onnx")
        .compile(CompileOptions.forTarget("nvidia/h100-sxm")).save(file);
    CompiledModel plan = Cnnx.loadPlan(file);
    assertEquals("nvidia/h100-sxm", plan.target());
    CnnxException named = assertThrows(CnnxException.class, () -> plan.newSession("opencl"));
    assertEquals(CnnxException.Kind.INVALID, named.kind());
    assertTrue(named.getMessage().contains("compiled for nvidia/h100-sxm"), named.getMessage());
    CnnxException any = assertThrows(CnnxException.class, plan::newSession);
    assertEquals(CnnxException.Kind.INVALID, any.kind());
  }
}
