package cnnx.host.conformance;

import cnnx.api.UserRuns;
import cnnx.compiler.testing.OnnxNodeSuite;
import cnnx.host.testing.OpenClHarness;
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
 * ONNX's backend node test suite on the first OpenCL device, run as {@code cnnx run --device opencl} runs
 * a model (compiled for the fed inputs' shapes and shape-deciding values), against ONNX's expected
 * outputs. Known failures: the reference's list ({@code known-failures-onnx-node.txt}) plus the
 * OpenCL-only ones ({@code known-failures-onnx-node-opencl.txt}). Every PoCL program build costs
 * about a second cold, so CI runs a fixed slice (every {@value #SLICE}th case);
 * {@code -Dcnnx.onnxNode.all=true} runs all of them.
 */
class OnnxNodeSuiteOpenClTest {
  static final int SLICE = 8;

  @TestFactory
  Stream<DynamicTest> nodeCasesOnOpenCl() {
    List<Path> cases = OnnxNodeSuite.casesWithKnownOps();
    if (cases.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("ONNX node cases absent",
          () -> Assumptions.abort(OnnxNodeSuite.absentReason())));
    }
    boolean all = Boolean.getBoolean("cnnx.onnxNode.all");
    List<Path> run = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      if (all || i % SLICE == 0) {
        run.add(cases.get(i));
      }
    }
    Map<String, String> known = new HashMap<>(OnnxNodeSuite.knownFailures("/known-failures-onnx-node.txt"));
    known.putAll(OnnxNodeSuite.knownFailures("/known-failures-onnx-node-opencl.txt"));
    return run.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      OpenClHarness.requireDevice();
      OnnxNodeSuite.check(dir, known,
          (g, inputs) -> UserRuns.run(dir.resolve("model.onnx"), "opencl", inputs));
    }));
  }
}
