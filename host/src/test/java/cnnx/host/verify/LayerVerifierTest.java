package cnnx.host.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.LaunchFault;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Layer-by-layer verification passes on a sound plan and names the node a fault was put in. */
class LayerVerifierTest {
  private static VerificationReport verify(LaunchFault fault) {
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Map<String, Tensor> in = Map.of("x", RandomTensors.normal(new SplittableRandom(9), 1, 3, 12, 12));
    return new LayerVerifier(OpenClHarness.context(), KernelBinaryCache.atDefaultLocation()).verify(g, in, fault);
  }

  @Test
  void soundPlanPasses() {
    VerificationReport r = verify(null);
    assertTrue(r.passed(), r.toText());
    assertTrue(r.unfused().isEmpty());
  }

  @Test
  void faultInAFusedLaunchIsTracedToItsNode() {
    // node names from OnnxModelBuilder: lowercase op + running index
    for (String node : new String[] {"batchnormalization_5", "relu_2", "conv_4"}) {
      VerificationReport r = verify(new LaunchFault(node, 0.25f));
      assertFalse(r.passed(), r.toText());
      assertEquals(node, r.firstDivergingNode().orElseThrow().split(" ")[0], r.toText());
    }
  }
}
