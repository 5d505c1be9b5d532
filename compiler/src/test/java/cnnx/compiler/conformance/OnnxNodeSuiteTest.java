package cnnx.compiler.conformance;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxNodeSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX's backend node test suite on the reference interpreter: every case whose ops cnnx has, at
 * whatever opset and element type it was generated for, against ONNX's expected outputs. Cases that
 * cannot pass are listed with reasons in {@code known-failures-onnx-node.txt}.
 */
class OnnxNodeSuiteTest {
  @TestFactory
  Stream<DynamicTest> nodeCasesOnReference() {
    List<Path> cases = OnnxNodeSuite.casesWithKnownOps();
    if (cases.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("ONNX node cases absent",
          () -> Assumptions.abort(OnnxNodeSuite.absentReason())));
    }
    Map<String, String> known = OnnxNodeSuite.knownFailures("/known-failures-onnx-node.txt");
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> OnnxNodeSuite.check(dir, known,
            (g, inputs) -> new ArrayList<Tensor>(new ReferenceInterpreter().run(g, inputs).values()))));
  }
}
