package cnnx.host.device.aparapi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.api.Comparison;
import cnnx.api.CompileOptions;
import cnnx.api.Model;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.api.TestCase;
import cnnx.compiler.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * ResNet-18 (real weights, batch 1) on the Aparapi device, the OpenCL C device and the reference, interleaved in
 * one JVM so the shared machine's noise falls on all three alike; prints each one's median run. Asserts only that
 * every device's output matches the shipped expected output. Opt-in (it takes a minute or more):
 * {@code -Dcnnx.throughput=true}.
 */
class AparapiThroughputTest {
  private static final int ROUNDS = 7;

  @Test
  void resnet18OnAparapiOpenClAndReference() {
    Assumptions.assumeTrue(Boolean.getBoolean("cnnx.throughput"), "opt-in: -Dcnnx.throughput=true");
    AparapiTestDevice.require();
    Path dir = SharedData.root().resolve("onnx-models/resnet18");
    Assumptions.assumeTrue(Files.isDirectory(dir), "no " + dir);
    TestCase c = TestCase.open(dir);
    Path set = c.dataSets().get(0);
    Map<String, Tensor> feeds = c.inputs(set);
    Tensor expected = c.expectedOutputs(set).get(0);
    Model model = c.model();
    Map<String, Session> sessions = new LinkedHashMap<>();
    for (String device : List.of("aparapi", "opencl", "reference")) {
      sessions.put(device, model.compile(CompileOptions.forDevice(device).withInputsLike(feeds)).newSession());
    }
    Map<String, List<Double>> times = new LinkedHashMap<>();
    sessions.keySet().forEach(d -> times.put(d, new ArrayList<>()));
    try {
      for (int round = 0; round <= ROUNDS; round++) {
        for (var e : sessions.entrySet()) {
          long t0 = System.nanoTime();
          Tensor out = e.getValue().run(feeds).output(0);
          double ms = (System.nanoTime() - t0) / 1e6;
          if (round > 0) { // round 0 warms up: kernel builds, JIT
            times.get(e.getKey()).add(ms);
          }
          Comparison cmp = Comparison.of(expected, out, 1e-3, 1e-5);
          assertTrue(cmp.passed(), e.getKey() + ": " + cmp);
        }
      }
    } finally {
      sessions.values().forEach(Session::close);
    }
    double ops = 2 * 1.814e9; // ResNet-18 at 224x224: 1.814 G multiply-adds
    StringBuilder report = new StringBuilder("ResNet-18 batch 1, median of " + ROUNDS + " interleaved runs:\n");
    times.forEach((d, t) -> {
      double median = median(t);
      report.append(String.format("  %-10s %9.1f ms  %6.2f GFLOP/s  runs %s%n", d, median, ops / median / 1e6,
          t.stream().map(v -> String.format("%.0f", v)).toList()));
    });
    System.out.print(report);
  }

  private static double median(List<Double> t) {
    double[] a = t.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
