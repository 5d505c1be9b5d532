package cnnx.host.device.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnx.api.CnnxException;
import cnnx.api.Comparison;
import cnnx.api.CompileOptions;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.api.TestCase;
import cnnx.compiler.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case in ../shared through {@code --device aparapi} via the API — what {@code cnnx compare --device aparapi}
 * checks — against the expected outputs shipped with each case at the reference's tolerance (rtol 1e-3, atol
 * 1e-5). Every launch must have run as OpenCL. Cases the device cannot run are listed with the reason in
 * {@code known-failures-aparapi.txt}; an unlisted failure fails, and so does a listed case that passes, or one
 * that fails for a reason other than the listed kind (UNSUPPORTED, naming the op).
 */
class AparapiConformanceTest {
  private static final double RTOL = 1e-3;
  private static final double ATOL = 1e-5;

  @TestFactory
  Stream<DynamicTest> sharedCasesOnAparapi() {
    List<Path> cases = SharedData.cases("onnx-conformance/pytorch-converted", "onnx-conformance/pytorch-operator",
        "onnx-conformance/light", "onnx-models");
    if (cases.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("shared cases absent", () -> Assumptions.abort(SharedData.absentReason())));
    }
    Map<String, String> known = knownFailures();
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir, known)));
  }

  private static void run(Path dir, Map<String, String> known) {
    AparapiTestDevice.require();
    String name = dir.getFileName().toString();
    List<String> problems = new ArrayList<>();
    try {
      TestCase c = TestCase.open(dir);
      for (Path set : c.dataSets()) {
        Map<String, Tensor> feeds = c.inputs(set);
        List<Tensor> expected = c.expectedOutputs(set);
        Result r;
        try (Session s = c.model().compile(CompileOptions.forDevice("aparapi").withInputsLike(feeds)).newSession()) {
          r = s.run(feeds);
        }
        assertTrue(r.provenance().launches().stream().allMatch(l -> l.ranOn().startsWith("OpenCL")),
            name + ": a launch did not run as OpenCL: " + r.provenance().launches());
        List<Tensor> actual = new ArrayList<>(r.outputs().values());
        assertEquals(expected.size(), actual.size(), name + ": output count");
        for (int i = 0; i < expected.size(); i++) {
          Comparison cmp = Comparison.of(expected.get(i), actual.get(i), RTOL, ATOL);
          if (!cmp.passed()) {
            problems.add(set.getFileName() + " output " + i + ": " + (cmp.problem() != null ? cmp.problem()
                : "element " + cmp.firstFailure() + " off, max abs " + cmp.maxAbsError()));
          }
        }
      }
    } catch (CnnxException e) {
      if (!known.containsKey(name) || e.kind() != CnnxException.Kind.UNSUPPORTED) {
        throw e;
      }
      problems.add(e.getMessage());
    }
    if (known.containsKey(name)) {
      if (problems.isEmpty()) {
        fail(name + " passes on aparapi now: remove it from known-failures-aparapi.txt");
      }
      Assumptions.abort("known failure: " + known.get(name) + " (" + problems.get(0) + ")");
    }
    assertTrue(problems.isEmpty(), name + ": " + problems);
  }

  static Map<String, String> knownFailures() {
    Map<String, String> m = new LinkedHashMap<>();
    try (InputStream in = AparapiConformanceTest.class.getResourceAsStream("/known-failures-aparapi.txt")) {
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
