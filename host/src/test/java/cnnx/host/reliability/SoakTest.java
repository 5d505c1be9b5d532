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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many inferences of a small conv net from 8 threads on one runner: every output bitwise equal
 * to the first and close to the reference; native objects back to baseline after close; the
 * bytes each run allocates bounded (counted per thread, not heap after gc). CI runs {@code cnnx.soak.iterations} (default 2,000); the long run sets 100000.
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
    AtomicLong allocated = new AtomicLong();
    try (Session runner = session("opencl:" + device.index(), in)) {
      var first = runner.run(api(in)).outputs().get("y");
      TensorAssert.assertClose(reference, Tensor.ofFloats(first.shape(), first.floats()), 1e-3, 1e-4,
          "device vs reference");
      AtomicInteger done = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          long before = threadAllocated();
          while (done.incrementAndGet() <= iterations) {
            var y = runner.run(api(in)).outputs().get("y");
            assertArrayEquals(first.floats(), y.floats());
          }
          allocated.addAndGet(threadAllocated() - before);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(20, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    long perRun = allocated.get() / iterations;
    System.out.printf("soak: %d inferences from %d threads; %d bytes allocated per run; live objects %s -> %s%n",
        iterations, THREADS, perRun, baseline, LiveObjects.snapshot());
    assertEquals(baseline, LiveObjects.snapshot(), "native objects leaked");
    // Counted, not timed: a run allocates its input copy, its outputs and bookkeeping, never
    // buffers that grow with the number of runs.
    assertTrue(perRun < (256L << 10), "a run allocates " + perRun + " bytes");
  }

  /**
   * Closing while every thread is in its run loop: each thread has finished one run before the close
   * (a latch, not a sleep), keeps running until it is refused, and is refused exactly once with a
   * device error; every run that completed matched the first; nothing leaks. Also through a pipeline (one worker
   * thread per stage, runs queued at each): runs queued behind the close are refused too, none hangs.
   */
  @ParameterizedTest
  @ValueSource(strings = {"opencl:%d", "pipeline:opencl:%d+reference"})
  void closeWhileRunsAreInFlight(String spec) throws Exception {
    var device = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Map<String, Tensor> in = Map.of("x", RandomTensors.normal(new SplittableRandom(6), 1, 3, 12, 12));
    var baseline = LiveObjects.snapshot();
    Session runner = session(String.format(spec, device.index()), in);
    var first = runner.run(api(in)).outputs().get("y");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch running = new CountDownLatch(THREADS);
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        for (long i = 0; i < 10_000_000L; i++) {
          try {
            assertArrayEquals(first.floats(), runner.run(api(in)).outputs().get("y").floats());
            completed.incrementAndGet();
          } catch (CnnxException closed) {
            assertEquals(CnnxException.Kind.DEVICE, closed.kind(), closed.getMessage());
            refused.incrementAndGet();
            return null;
          }
          if (i == 0) {
            running.countDown();
          }
        }
        throw new AssertionError("runs were never refused after close");
      }));
    }
    assertTrue(running.await(5, TimeUnit.MINUTES), "a thread failed before its first run ended");
    runner.close();
    for (Future<?> f : futures) {
      f.get(5, TimeUnit.MINUTES); // any exception but a device error surfaces here
    }
    pool.shutdown();
    assertEquals(THREADS, refused.get(), "every thread is refused once the session is closed");
    assertTrue(completed.get() >= THREADS, "each thread ran before the close: " + completed.get());
    CnnxException after = org.junit.jupiter.api.Assertions.assertThrows(CnnxException.class, () -> runner.run(api(in)));
    assertEquals(CnnxException.Kind.DEVICE, after.kind());
    assertEquals(baseline, LiveObjects.snapshot(), "native objects leaked");
  }

  /** One session on the device, compiled for the input's shapes, through the public API. */
  private static Session session(String device, Map<String, Tensor> in) {
    return Cnnx.load(TestModels.twoBlocks(), "two-blocks.onnx")
        .compile(CompileOptions.forDevice(device).withInputShapes(Map.of("x", in.get("x").shape())))
        .newSession();
  }

  private static Map<String, cnnx.api.Tensor> api(Map<String, Tensor> in) {
    return Map.of("x", cnnx.api.Tensor.ofFloats(in.get("x").shape(), in.get("x").floats()));
  }

  private static long threadAllocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
