package cnnx.api.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.api.Cnnx;
import cnnx.api.Model;
import cnnx.api.TestCase;
import cnnx.compiler.testing.SharedData;
import cnnx.host.testing.OpenClHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The verifier has no false alarms: on every real-weight model and op case in ../shared, each launch checked on the
 * reference's own inputs is within its ops' tolerance, and the whole run is within the model tolerance. The light
 * whole models (VGG-19, ResNet-50, ...) join with {@code -Dcnnx.verify.light=true} (minutes on 2 cores).
 */
class VerifySharedModelsTest {
  @TestFactory
  Stream<DynamicTest> verifyPassesOnEverySharedModel() {
    List<String> folders = new ArrayList<>(List.of("onnx-models", "onnx-conformance/pytorch-converted",
        "onnx-conformance/pytorch-operator"));
    if (Boolean.getBoolean("cnnx.verify.light")) {
      folders.add("onnx-conformance/light");
    }
    List<Path> cases = SharedData.cases(folders.toArray(String[]::new));
    if (cases.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("shared cases absent", () -> Assumptions.abort(SharedData.absentReason())));
    }
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> verify(dir)));
  }

  private static void verify(Path dir) {
    OpenClHarness.requireDevice();
    TestCase c = TestCase.open(dir);
    Model m = c.model();
    VerificationReport r = new LayerVerifier(m, "opencl").verify(c.inputs(c.dataSets().get(0)));
    String text = r.toText();
    assertTrue(r.passed(), dir.getFileName() + ":\n" + text);
    assertFalse(r.outputs().isEmpty(), text);
    assertEquals(m.outputs().size(), r.outputs().size(), text);
    assertTrue(text.endsWith("outputs within tolerance end to end\n"), text);
    assertTrue(Cnnx.devices().size() >= 2);
  }
}
