package cnnx.host.kernels.conv;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.SharedData;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real-weight conv nets (shared data; run with -Dcnnx.shared=DIR where it is not at ../shared)
 * through the fused plan, against the reference interpreter on their test inputs. Tolerance:
 * {@link Models} (the logits differ by ~2e-6 here). Prints the median run time.
 */
class RealModelKernelTest {
  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "mobilenet_v2"})
  void matchesReference(String model) {
    OpenClHarness.requireDevice();
    Path root = SharedData.root();
    Assumptions.assumeTrue(root != null, SharedData::absentReason);
    Path dir = root.resolve("onnx-models").resolve(model);
    Assumptions.assumeTrue(Files.isDirectory(dir.resolve("test_data_set_0")), () -> "no test data for " + model);
    Graph g = new OnnxImporter().load(dir.resolve("model.onnx"));
    Map<String, Tensor> in = BackendTestCase.inputs(g, dir.resolve("test_data_set_0"));
    Map<String, Tensor> expected = new ReferenceInterpreter().run(g, in);
    Compiler.Compiled c = FusedRunner.compile(g, in, true);
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), c.plan(),
        KernelBinaryCache.atDefaultLocation())) {
      Map<String, Tensor> actual = e.run(in).outputs();
      expected.forEach((k, v) -> TensorAssert.assertClose(v, actual.get(k), Models.RTOL, Models.ATOL, model + " " + k));
      long[] ns = new long[7];
      for (int i = 0; i < ns.length; i++) {
        long t0 = System.nanoTime();
        e.run(in);
        ns[i] = System.nanoTime() - t0;
      }
      Arrays.sort(ns);
      System.out.printf("%s, inputs %s: %d launches, %d programs, median run %.1f ms%n", model,
          in.values().stream().map(t -> Arrays.toString(t.shape())).toList(), c.plan().launches().size(),
          c.plan().programs().size(), ns[ns.length / 2] / 1e6);
    }
  }
}
