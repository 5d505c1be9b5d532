package cnnx.host.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.SharedData;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One launch per conv block: in the real-weight conv nets, every Conv shares its launch with the
 * BatchNormalization, activation and residual Add that follow it (a depthwise block also with the 1x1 conv
 * after it, as one separable launch); fused and unfused plans compute the same numbers on the device.
 */
class ConvBlockFusionTest {
  private static Graph load(String model) {
    Path root = SharedData.root();
    Assumptions.assumeTrue(root != null, SharedData::absentReason);
    return new OnnxImporter().load(root.resolve("onnx-models").resolve(model).resolve("model.onnx"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "cbrp_small", "mobilenet_v2", "fcn_upsample"})
  void everyConvBlockIsOneLaunch(String model) {
    Graph g = load(model);
    Plan plan = new Compiler().compile(g, Compiler.Options.defaults().withBatch(1)).plan();
    Map<String, Integer> launchOf = new HashMap<>();
    List<Launch> launches = plan.launches();
    for (int i = 0; i < launches.size(); i++) {
      for (String n : launches.get(i).onnxNodes()) {
        Integer prev = launchOf.put(n, i);
        assertTrue(prev == null || prev == i, n + " is computed by two launches");
      }
    }
    Map<String, Node> producers = g.producers();
    Map<String, Integer> uses = g.useCounts();
    int blocks = 0;
    for (Node n : g.nodes()) {
      if (!List.of("BatchNormalization", "Relu", "Clip", "Add").contains(n.opType())) {
        continue;
      }
      Node p = producers.get(n.input(0));
      Node q = n.inputs().size() > 1 ? producers.get(n.input(1)) : null;
      // The op follows a conv block when its main input (or, for a residual Add, either input) is
      // the conv block's single-use output; a residual Add joins one of its two blocks.
      List<Integer> candidates = new java.util.ArrayList<>();
      for (Node src : new Node[] {p, q}) {
        if (src != null && uses.get(src.output(0)) == 1 && launchOf.containsKey(src.name())
            && isConvBlockMember(src, producers)) {
          candidates.add(launchOf.get(src.name()));
        }
      }
      if (!candidates.isEmpty()) {
        assertTrue(candidates.contains(launchOf.get(n.name())),
            model + ": " + n.describe() + " is not in the launch of the conv block it follows");
      }
      if (n.opType().equals("BatchNormalization")) {
        blocks++;
      }
    }
    long convs = g.nodes().stream().filter(n -> n.opType().equals("Conv")).count();
    long placed = 0;
    for (Launch l : launches) {
      long inLaunch = l.onnxNodes().stream()
          .filter(x -> g.node(x).map(nn -> nn.opType().equals("Conv")).orElse(false)).count();
      // one conv per launch, or a depthwise conv and its 1x1 in one separable launch
      assertTrue(inLaunch <= 1 || inLaunch == 2 && l.kernelName().startsWith("sepconv"),
          model + ": " + l.kernelName() + " computes " + inLaunch + " convs");
      placed += inLaunch;
    }
    assertEquals(convs, placed, model + ": every conv in one launch");
    assertTrue(blocks > 0);
  }

  private static boolean isConvBlockMember(Node n, Map<String, Node> producers) {
    Node cur = n;
    for (int depth = 0; cur != null && depth < 4; depth++) {
      if (cur.opType().equals("Conv")) {
        return true;
      }
      if (!List.of("BatchNormalization", "Relu", "Clip", "Add").contains(cur.opType())) {
        return false;
      }
      cur = producers.get(cur.input(0));
    }
    return false;
  }

  @ParameterizedTest
  @ValueSource(strings = {"cbrp_small", "resnet18"})
  void fusedAndUnfusedPlansAgree(String model) {
    OpenClHarness.requireDevice();
    Graph g = load(model);
    Path set = SharedData.root().resolve("onnx-models").resolve(model).resolve("test_data_set_0");
    Map<String, Tensor> inputs = BackendTestCase.inputs(g, set);
    Map<String, Tensor> fused = OpenClHarness.runOnDevice(g, inputs, true);
    Map<String, Tensor> unfused = OpenClHarness.runOnDevice(g, inputs, false);
    fused.forEach((k, v) -> TensorAssert.assertClose(unfused.get(k), v, 1e-4, 1e-5, model + " " + k));
  }
}
