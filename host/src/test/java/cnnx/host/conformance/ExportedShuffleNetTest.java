package cnnx.host.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cnnx.api.Comparison;
import cnnx.api.CompileOptions;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.api.TestCase;
import cnnx.host.cl.OpenClPlatforms;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A torchvision ShuffleNet-V2 as PyTorch's own exporter writes it (symbolic batch; channel shuffles and branch
 * splits whose shapes come from Shape/Gather/Div/Mul/Concat arithmetic), at batch 2, against PyTorch's output:
 * the shape arithmetic must fold once the batch is bound, so that every device compiles it. Made by
 * {@code tools/export-shufflenet.py}.
 */
class ExportedShuffleNetTest {
  @ParameterizedTest
  @ValueSource(strings = {"reference", "opencl"})
  void matchesPyTorchOnEveryDevice(String device) throws URISyntaxException {
    if (!device.equals("reference")) {
      assumeTrue(!OpenClPlatforms.discover().devices().isEmpty(), "no OpenCL device here");
    }
    TestCase c = TestCase.open(Path.of(getClass().getResource("/models/shufflenet_v2_narrow/model.onnx").toURI())
        .getParent());
    Path set = c.dataSets().get(0);
    Map<String, Tensor> inputs = c.inputs(set);
    assertEquals(2, inputs.get("input").shape()[0]); // the batch is not the one the model was traced with
    try (Session s = c.model().compile(CompileOptions.forDevice(device).withInputsLike(inputs)).newSession()) {
      Result r = s.run(inputs);
      List<Tensor> expected = c.expectedOutputs(set);
      Comparison cmp = Comparison.of(expected.get(0), r.outputs().get("logits"), 1e-4, 1e-5);
      assertTrue(cmp.passed(), device + ": " + cmp);
    }
  }
}
