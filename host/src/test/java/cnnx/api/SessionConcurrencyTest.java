package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Eight threads share one session, each with its own inputs: every result is that input's reference result
 * (not another thread's), through {@code run} and {@code runAsync}; also through a two-stage pipeline, whose stages
 * run on worker threads of their own with runs queued at each.
 */
class SessionConcurrencyTest {
  @ParameterizedTest
  @ValueSource(strings = {"reference", "opencl", "pipeline:opencl+reference"})
  void eightThreadsShareOneSession(String device) throws Exception {
    if (device.contains("opencl")) {
      OpenClHarness.requireDevice();
    }
    Model model = Cnnx.load(TestModels.twoBlocks(), "two-blocks.onnx");
    List<Map<String, Tensor>> inputs = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(11);
    try (Session ref = model.compile(CompileOptions.forDevice("reference")).newSession()) {
      for (int i = 0; i < 8; i++) {
        float[] x = new float[3 * 12 * 12];
        for (int k = 0; k < x.length; k++) {
          x[k] = (float) r.nextGaussian();
        }
        inputs.add(Map.of("x", Tensor.ofFloats(new int[] {1, 3, 12, 12}, x)));
        expected.add(ref.run(inputs.get(i)).output(0).floats());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Session s = model.compile(CompileOptions.forDevice(device).withBatch(1)).newSession()) {
      if (device.startsWith("pipeline:")) {
        assertTrue(s.deviceLabel().contains("stage 1"), "two stages: " + s.deviceLabel());
      }
      List<CompletableFuture<float[]>> futures = new ArrayList<>();
      for (int round = 0; round < 25; round++) {
        for (int i = 0; i < 8; i++) {
          int t = i;
          futures.add(round % 2 == 0
              ? CompletableFuture.supplyAsync(() -> s.run(inputs.get(t)).output(0).floats(), pool)
              : s.runAsync(inputs.get(t), pool).thenApply(res -> res.output(0).floats()));
        }
      }
      for (int k = 0; k < futures.size(); k++) {
        float[] got = futures.get(k).get();
        float[] want = expected.get(k % 8);
        assertEquals(want.length, got.length);
        for (int e = 0; e < want.length; e++) {
          assertEquals(want[e], got[e], 1e-4 + 1e-3 * Math.abs(want[e]), "request " + k + " element " + e);
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}
