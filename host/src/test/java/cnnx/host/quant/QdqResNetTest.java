package cnnx.host.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.QdqModels;
import cnnx.compiler.testing.SharedData;
import cnnx.host.testing.OpenClHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An int8 QDQ ResNet-18, built from the real-weight float model in ../shared (BN folded, per-channel
 * int8 weights, int8 activations calibrated on the test input), on the reference and on OpenCL
 * against ONNX Runtime. ONNX Runtime (optimisations off) and the reference run the QDQ graph as
 * written; the OpenCL plan folds each QDQ conv into a QLinearConv kernel (exact integer sums,
 * requantized in its epilogue), so an activation may land one quantization step away. The logits
 * must agree to a few output quantization steps and the top-1 classes must be equal.
 */
class QdqResNetTest {
  private static byte[] qdq;
  private static Map<String, Tensor> inputs;
  private static Tensor expected;

  @BeforeAll
  static void build() throws IOException {
    List<Path> cases = SharedData.cases("onnx-models");
    Path dir = cases.stream().filter(p -> p.getFileName().toString().equals("resnet18")).findFirst().orElse(null);
    Assumptions.assumeTrue(dir != null, SharedData.absentReason());
    BackendTestCase c = BackendTestCase.open(dir);
    byte[] floatModel = Files.readAllBytes(c.model());
    Graph g = new OnnxImporter().load(floatModel, "resnet18.onnx");
    inputs = BackendTestCase.inputs(g, c.dataSets().get(0));
    qdq = QdqModels.quantizeConvs(floatModel, inputs);
    expected = OrtOracle.run(qdq, inputs).values().iterator().next();
  }

  /** Logits within a few steps of the last activation's quantization; the same top-1 classes. */
  private static void assertAgrees(Tensor actual, String what) {
    float[] e = expected.floats();
    float[] a = actual.floats();
    assertEquals(e.length, a.length, what);
    double maxAbs = 0;
    double sumAbs = 0;
    float range = 0;
    for (int i = 0; i < e.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(e[i] - a[i]));
      sumAbs += Math.abs(e[i] - a[i]);
      range = Math.max(range, Math.abs(e[i]));
    }
    System.out.printf("%s: max abs %.4g, mean abs %.4g (max |logit| %.3f)%n", what, maxAbs, sumAbs / e.length, range);
    int classes = expected.dim(1);
    for (int n = 0; n < expected.dim(0); n++) {
      assertEquals(argMax(e, n * classes, classes), argMax(a, n * classes, classes), what + ": top-1 of image " + n);
    }
    assertTrue(maxAbs <= 0.05 * range, what + ": max abs error " + maxAbs + " over 5% of the logit range " + range);
  }

  private static int argMax(float[] v, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void referenceMatchesOnnxRuntime() {
    Graph g = new OnnxImporter().load(qdq, "resnet18-qdq.onnx");
    Tensor actual = new ReferenceInterpreter().run(g, inputs).values().iterator().next();
    assertAgrees(actual, "reference");
  }

  @Test
  void openClFoldsEveryConvIntoQLinearConvAndMatchesOnnxRuntime() {
    OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(qdq, "resnet18-qdq.onnx");
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    Compiler.Compiled compiled = new Compiler().compile(g, Compiler.Options.defaults().withInputShapes(shapes));
    long convs = compiled.graph().nodes().stream().map(Node::opType).filter(op -> op.equals("Conv")).count();
    long qconvs = compiled.graph().nodes().stream().map(Node::opType).filter(op -> op.equals("QLinearConv")).count();
    assertEquals(0, convs, "float convolutions left after folding");
    assertEquals(20, qconvs, "QLinearConv nodes");
    Tensor actual = OpenClHarness.runOnDevice(g, inputs, true).values().iterator().next();
    assertAgrees(actual, "OpenCL");
  }
}
