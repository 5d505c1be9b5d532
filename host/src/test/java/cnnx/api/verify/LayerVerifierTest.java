package cnnx.api.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.api.Cnnx;
import cnnx.api.Model;
import cnnx.api.Tensor;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Layer-by-layer verification passes on a sound plan and names the node a fault was put in. */
class LayerVerifierTest {
  private static VerificationReport verify(LayerVerifier.Fault fault) {
    OpenClHarness.requireDevice();
    Model m = Cnnx.load(TestModels.twoBlocks(), "two-blocks.onnx");
    var x = RandomTensors.normal(new SplittableRandom(9), 1, 3, 12, 12);
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(x.shape(), x.floats()));
    return new LayerVerifier(m, "opencl").verify(in, fault);
  }

  @Test
  void soundPlanPassesWithACompleteTable() {
    VerificationReport r = verify(null);
    assertTrue(r.passed(), r.toText());
    assertTrue(r.unfused().isEmpty());
    assertFalse(r.launches().isEmpty());
    assertEquals(1, r.outputs().size());
    for (LaunchCheck c : r.launches()) {
      assertTrue(c.isolated().worstRatio() <= 1, r.toText());
      assertTrue(c.chained() != null, "every launch output is also measured in the ordinary run: " + r.toText());
    }
    assertTrue(r.toText().endsWith("1/1 outputs within tolerance end to end\n"), r.toText());
  }

  @Test
  void faultInAFusedLaunchIsTracedToItsNode() {
    // node names from OnnxModelBuilder: lowercase op + running index
    for (String node : new String[] {"batchnormalization_5", "relu_2", "conv_4"}) {
      VerificationReport r = verify(new LayerVerifier.Fault(node, 0.25f));
      assertFalse(r.passed(), r.toText());
      assertEquals(node, r.firstDivergingNode().orElseThrow().split(" ")[0], r.toText());
    }
  }
}
