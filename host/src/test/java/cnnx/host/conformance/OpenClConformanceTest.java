package cnnx.host.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.SharedData;
import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import cnnx.host.testing.OpenClHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case in ../shared through the OpenCL backend (fused plans) on the first OpenCL device,
 * against the expected outputs shipped with each case, at the same tolerance as the reference
 * (rtol 1e-3, atol 1e-5) — what {@code cnnx compare --device opencl} checks. Known failures, each
 * with its reason, are in {@code known-failures-opencl.txt}; a listed case that passes fails.
 */
class OpenClConformanceTest {
  private static final Tolerance TOLERANCE = Tolerance.DEFAULT;

  @TestFactory
  Stream<DynamicTest> sharedCasesOnOpenCl() {
    List<Path> cases = SharedData.cases("onnx-conformance/pytorch-converted", "onnx-conformance/pytorch-operator",
        "onnx-conformance/light", "onnx-models");
    if (cases.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("shared cases absent", () -> Assumptions.abort(SharedData.absentReason())));
    }
    Map<String, String> known = knownFailures();
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir, known)));
  }

  private static void run(Path dir, Map<String, String> known) {
    OpenClHarness.requireDevice();
    String name = dir.getFileName().toString();
    List<String> problems = new ArrayList<>();
    try {
      BackendTestCase c = BackendTestCase.open(dir);
      Graph g = new OnnxImporter().load(c.model());
      for (Path set : c.dataSets()) {
        List<Tensor> expected = BackendTestCase.expectedOutputs(set);
        List<Tensor> actual = new ArrayList<>(OpenClHarness.runOnDevice(g, BackendTestCase.inputs(g, set), true).values());
        assertEquals(expected.size(), actual.size(), name + ": output count");
        for (int i = 0; i < expected.size(); i++) {
          TensorComparison cmp = TensorComparison.compare(expected.get(i), actual.get(i), TOLERANCE);
          if (!cmp.passed()) {
            problems.add(set.getFileName() + " output " + i + ": " + (cmp.problem() != null ? cmp.problem()
                : "element " + cmp.firstFailure() + " off, max abs " + cmp.maxAbsError()));
          }
        }
      }
    } catch (RuntimeException e) {
      if (!known.containsKey(name)) {
        throw e;
      }
      problems.add(e.toString());
    }
    if (known.containsKey(name)) {
      if (problems.isEmpty()) {
        fail(name + " passes on OpenCL now: remove it from known-failures-opencl.txt");
      }
      Assumptions.abort("known failure: " + known.get(name) + " (" + problems.get(0) + ")");
    }
    assertTrue(problems.isEmpty(), name + ": " + problems);
  }

  private static Map<String, String> knownFailures() {
    Map<String, String> m = new HashMap<>();
    try (InputStream in = OpenClConformanceTest.class.getResourceAsStream("/known-failures-opencl.txt")) {
      if (in == null) {
        return m;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          int colon = line.indexOf(':');
          m.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }
}
