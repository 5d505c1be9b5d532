package cnnx.compiler.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.GraphVerifier;
import cnnx.compiler.pass.PassManager;
import cnnx.compiler.testing.SharedData;
import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of ONNX's backend tests and of the real-weight models in ../shared through the
 * reference interpreter, against the expected outputs shipped with each case (ONNX's or
 * PyTorch's), at rtol 1e-3 / atol 1e-5 — the same tolerance as {@code cnnx compare}.
 */
class ConformanceTest {
  private static final Tolerance TOLERANCE = Tolerance.DEFAULT;
  private static final KnownFailures KNOWN = KnownFailures.load();

  @TestFactory
  Stream<DynamicTest> onnxBackendCases() {
    return tests(SharedData.cases("onnx-conformance/pytorch-converted", "onnx-conformance/pytorch-operator",
        "onnx-conformance/light"));
  }

  @TestFactory
  Stream<DynamicTest> realWeightModels() {
    return tests(SharedData.cases("onnx-models"));
  }

  private Stream<DynamicTest> tests(List<Path> cases) {
    if (cases.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("shared cases absent",
          () -> Assumptions.abort(SharedData.absentReason())));
    }
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir)));
  }

  private static void run(Path dir) {
    String name = dir.getFileName().toString();
    String known = KNOWN.reason(name);
    List<String> problems = new ArrayList<>();
    try {
      check(dir, problems);
    } catch (RuntimeException e) {
      if (known == null) {
        throw e;
      }
      problems.add(e.toString());
    }
    if (known != null) {
      if (problems.isEmpty()) {
        fail(name + " passes now: remove it from known-failures.txt");
      }
      Assumptions.abort("known failure: " + known + " (" + problems.get(0) + ")");
    }
    assertTrue(problems.isEmpty(), name + ": " + problems);
  }

  private static void check(Path dir, List<String> problems) {
    BackendTestCase c = BackendTestCase.open(dir);
    Graph g = new OnnxImporter().load(c.model());
    // The front end must accept every case and keep the IR valid after each pass.
    new PassManager(PassManager.frontEnd(), true, null).run(g);
    GraphVerifier.verify(g, "import");
    for (Path set : c.dataSets()) {
      List<Tensor> expected = BackendTestCase.expectedOutputs(set);
      List<Tensor> actual = new ArrayList<>(new ReferenceInterpreter().run(g, BackendTestCase.inputs(g, set)).values());
      assertEquals(expected.size(), actual.size(), dir + ": output count");
      for (int i = 0; i < expected.size(); i++) {
        TensorComparison cmp = TensorComparison.compare(expected.get(i), actual.get(i), TOLERANCE);
        if (!cmp.passed()) {
          problems.add(set.getFileName() + " output " + i + ": " + (cmp.problem() != null ? cmp.problem()
              : "element " + cmp.firstFailure() + " off; max abs " + cmp.maxAbsError()));
        }
      }
    }
  }
}
