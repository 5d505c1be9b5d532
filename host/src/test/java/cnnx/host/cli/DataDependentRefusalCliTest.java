package cnnx.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.testing.OnnxNodeSuite;
import cnnx.compiler.verify.TensorComparison;
import cnnx.host.testing.OpenClHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ONNX's own cases for the ops whose output shape depends on tensor data: {@code cnnx run --device opencl}
 * refuses each with exit 3, naming the op and the option that runs it elsewhere ({@code --fallback reference});
 * with that option the same command runs it on the reference and writes ONNX's expected outputs.
 */
class DataDependentRefusalCliTest {
  @ParameterizedTest
  @CsvSource({"test_nonzero_example, NonZero", "test_nonmaxsuppression_single_box, NonMaxSuppression",
      "test_if, If", "test_loop11, Loop"})
  void refusedOnOpenClWithTheFallbackNamed(String caseName, String op, @TempDir Path out) throws IOException {
    OpenClHarness.requireDevice();
    Path root = OnnxNodeSuite.root();
    Assumptions.assumeTrue(root != null, OnnxNodeSuite::absentReason);
    Path dir = root.resolve(caseName);
    Path set = BackendTestCase.open(dir).dataSets().get(0);
    List<String> args = new ArrayList<>(List.of("run", dir.resolve("model.onnx").toString(), "--device", "opencl",
        "--output-dir", out.toString(), "--input"));
    try (Stream<Path> files = Files.list(set)) {
      files.filter(f -> f.getFileName().toString().startsWith("input_")).sorted().forEach(f -> args.add(f.toString()));
    }
    CliTest.Result refused = CliTest.cli(args.toArray(String[]::new));
    assertEquals(3, refused.code(), refused.out() + refused.err());
    assertTrue(refused.err().contains(op + " (" + op + "_0)") && refused.err().contains("--fallback reference"),
        refused.err());

    args.addAll(List.of("--fallback", "reference"));
    CliTest.Result ran = CliTest.cli(args.toArray(String[]::new));
    assertEquals(0, ran.code(), ran.out() + ran.err());
    assertTrue(ran.out().contains("reference"), ran.out());
    List<Tensor> expected = BackendTestCase.expectedOutputs(set);
    for (int i = 0; i < expected.size(); i++) {
      TensorComparison cmp = TensorComparison.compare(expected.get(i),
          TensorFiles.read(out.resolve("output_" + i + ".pb")), OnnxNodeSuite.TOLERANCE);
      assertTrue(cmp.passed(), caseName + " output " + i + ": " + cmp.problem());
    }
  }
}
