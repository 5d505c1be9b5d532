package cnnx.host.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.LiveObjects;
import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.CompileOptions;
import cnnx.api.Session;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many inferences of a small conv net from 8 threads on one runner: every output bitwise equal
 * to the first and close to the reference; native objects back to baseline after close; heap
 * flat. CI runs {@code cnnx.soak.iterations} (default 2,000); the long run sets 100000.
 */
class SoakTest {
  private static final int THREADS = 8;

  @Test
  void eightThreadsOnOneRunner() throws Exception {
    var device = OpenClHarness.requireDevice();
    int iterations = Integer.getInteger("cnnx.soak.iterations", 2000);
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Map<String, Tensor> in = Map.of("x", RandomTensors.normal(new SplittableRandom(5), 1, 3, 12, 12));
    Tensor reference = new ReferenceInterpreter().run(g, in).get("y");
    var baseline = LiveObjects.snapshot();
    long heapBefore;
    try (Session runner = session(device.index(), in)) {
      var first = runner.run(api(in)).outputs().get("y");
      TensorAssert.assertClose(reference, Tensor.ofFloats(first.shape(), first.floats()), 1e-3, 1e-4,
          "device vs reference");
      heapBefore = usedHeap();
      AtomicInteger done = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          while (done.incrementAndGet() <= iterations) {
            var y = runner.run(api(in)).outputs().get("y");
            assertArrayEquals(first.floats(), y.floats());
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    long heapGrowth = usedHeap() - heapBefore;
    System.out.printf("soak: %d inferences from %d threads; heap growth %d KiB; live objects %s -> %s%n",
        iterations, THREADS, heapGrowth / 1024, baseline, LiveObjects.snapshot());
    assertEquals(baseline, LiveObjects.snapshot(), "native objects leaked");
    assertTrue(heapGrowth < (32L << 20), "heap grew by " + heapGrowth + " bytes");
  }

  @Test
  void closeWhileRunsAreInFlight() throws Exception {
    var device = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Map<String, Tensor> in = Map.of("x", RandomTensors.normal(new SplittableRandom(6), 1, 3, 12, 12));
    var baseline = LiveObjects.snapshot();
    Session runner = session(device.index(), in);
    var first = runner.run(api(in)).outputs().get("y");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger refused = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 200; i++) {
          try {
            assertArrayEquals(first.floats(), runner.run(api(in)).outputs().get("y").floats());
          } catch (CnnxException closed) {
            assertEquals(CnnxException.Kind.DEVICE, closed.kind(), closed.getMessage());
            refused.incrementAndGet();
            return null;
          }
        }
        return null;
      }));
    }
    Thread.sleep(50);
    runner.close();
    for (Future<?> f : futures) {
      f.get(5, TimeUnit.MINUTES); // any exception but DeviceException surfaces here
    }
    pool.shutdown();
    assertEquals(baseline, LiveObjects.snapshot(), "native objects leaked");
  }

  /** One session on the OpenCL device, compiled for the input's shapes, through the public API. */
  private static Session session(int device, Map<String, Tensor> in) {
    return Cnnx.load(TestModels.twoBlocks(), "two-blocks.onnx")
        .compile(CompileOptions.forDevice("opencl:" + device).withInputShapes(Map.of("x", in.get("x").shape())))
        .newSession();
  }

  private static Map<String, cnnx.api.Tensor> api(Map<String, Tensor> in) {
    return Map.of("x", cnnx.api.Tensor.ofFloats(in.get("x").shape(), in.get("x").floats()));
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
