package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan cache's location, its keys, and what it gives back: only a readable plan of the model's own bytes. */
class PlanCacheTest {
  @TempDir
  Path dir;

  private Path model(byte[] bytes) throws IOException {
    Path m = dir.resolve("m.onnx");
    Files.write(m, bytes);
    return m;
  }

  private PlanCache cache() {
    return PlanCache.at(Map.of("CNNX_PLAN_CACHE", dir.resolve("plans").toString()), "/unused");
  }

  /** A plan for a GPU preset: stored and found like any other, no device needed. */
  private static CompiledModel compiledForAPreset(byte[] model) {
    return Cnnx.load(model, "m.onnx").compile(CompileOptions.forTarget("nvidia/h100-sxm")
        .withInputShapes(Map.of("x", new int[] {1, 3, 12, 12})));
  }

  private Path input(String name, int... shape) throws IOException {
    Path f = dir.resolve(name + shape.length + shape[shape.length - 1] + ".pb");
    TensorFiles.write(f, "x", RandomTensors.normal(new SplittableRandom(1), shape));
    return f;
  }

  @Test
  void livesWhereTheEnvironmentSays() {
    assertFalse(PlanCache.at(Map.of("CNNX_PLAN_CACHE", "off"), "/home/u").enabled());
    assertTrue(PlanCache.at(Map.of(), "/home/u").enabled());
    PlanCache beside = PlanCache.at(Map.of("CNNX_KERNEL_CACHE", dir.resolve("k").toString()), "/home/u");
    assertTrue(beside.enabled());
    assertFalse(PlanCache.at(Map.of("CNNX_PLAN_CACHE", "off"), "/home/u")
        .key(dir.resolve("m.onnx"), List.of(), "opencl", false).isPresent());
  }

  @Test
  void keysChangeWithEverythingAPlanIsMadeFrom() throws IOException {
    PlanCache cache = cache();
    Path m = model(TestModels.twoBlocks());
    Path x = input("x", 1, 3, 12, 12);
    Optional<String> k = cache.key(m, List.of(x), "opencl", false);
    assertTrue(k.isPresent());
    assertEquals(k, cache.key(m, List.of(x), "opencl", false));
    assertNotEquals(k, cache.key(m, List.of(x), "opencl:1", false));
    assertNotEquals(k, cache.key(m, List.of(x), "opencl", true));
    assertNotEquals(k, cache.key(m, List.of(input("x", 2, 3, 12, 12)), "opencl", false));
    Files.setLastModifiedTime(m, FileTime.fromMillis(Files.getLastModifiedTime(m).toMillis() - 5000));
    assertNotEquals(k, cache.key(m, List.of(x), "opencl", false));
    // never for the reference, for integer inputs (their values may decide shapes), or unreadable inputs
    assertTrue(cache.key(m, List.of(x), "reference", false).isEmpty());
    Path ints = dir.resolve("ints.pb");
    TensorFiles.write(ints, "x", Tensor.ofLongs(new int[] {2}, new long[] {1, 2}));
    assertTrue(cache.key(m, List.of(ints), "opencl", false).isEmpty());
    assertTrue(cache.key(m, List.of(dir.resolve("missing.pb")), "opencl", false).isEmpty());
  }

  @Test
  void givesBackOnlyReadablePlansOfTheModelsOwnBytes() throws IOException {
    PlanCache cache = cache();
    byte[] bytes = TestModels.twoBlocks();
    Path m = model(bytes);
    CompiledModel compiled = compiledForAPreset(bytes);
    cache.store("k1", compiled);
    Optional<CompiledModel> hit = cache.find("k1", m);
    assertTrue(hit.isPresent());
    assertEquals(compiled.planText(), hit.get().planText());
    // other contents under the same key (a file rewritten in place): dropped
    byte[] other = bytes.clone();
    other[other.length - 1] ^= 1;
    Files.write(m, other);
    assertTrue(cache.find("k1", m).isEmpty());
    assertFalse(Files.exists(dir.resolve("plans/k1.cnnxplan")));
    // a damaged plan: dropped
    Files.write(m, bytes);
    cache.store("k2", compiled);
    Path p = dir.resolve("plans/k2.cnnxplan");
    byte[] plan = Files.readAllBytes(p);
    plan[plan.length / 2] ^= 1;
    Files.write(p, plan);
    assertTrue(cache.find("k2", m).isEmpty());
    assertFalse(Files.exists(p));
  }

  @Test
  void keepsTheMostRecentlyUsedPlans() throws IOException {
    PlanCache cache = cache();
    byte[] bytes = TestModels.twoBlocks();
    Path m = model(bytes);
    CompiledModel compiled = compiledForAPreset(bytes);
    long t = System.currentTimeMillis() - 100_000;
    for (int i = 0; i < PlanCache.KEEP + 3; i++) {
      cache.store("k" + i, compiled);
      Files.setLastModifiedTime(dir.resolve("plans/k" + i + ".cnnxplan"), FileTime.fromMillis(t + i * 1000L));
    }
    assertTrue(cache.find("k0", m).isEmpty(), "the oldest went first");
    try (var s = Files.list(dir.resolve("plans"))) {
      assertEquals(PlanCache.KEEP, s.count());
    }
  }
}
