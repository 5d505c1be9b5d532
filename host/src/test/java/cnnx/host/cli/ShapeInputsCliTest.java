package cnnx.host.cli;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As ONNX's node tests are written: shape-deciding inputs (Reshape's shape, TopK's k) fed from
 * files. {@code compare --device opencl} compiles for their values and passes (expected outputs
 * from ONNX Runtime); a data-dependent op is refused with exit 3, named with the reason.
 */
class ShapeInputsCliTest {
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  private static Path writeCase(Path dir, byte[] model, Map<String, Tensor> inputs) throws IOException {
    Files.write(dir.resolve("model.onnx"), model);
    Path set = Files.createDirectories(dir.resolve("test_data_set_0"));
    int i = 0;
    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
      TensorFiles.write(set.resolve("input_" + i++ + ".pb"), e.getKey(), e.getValue());
    }
    int o = 0;
    for (Map.Entry<String, Tensor> e : OrtOracle.run(model, inputs).entrySet()) {
      TensorFiles.write(set.resolve("output_" + o++ + ".pb"), e.getKey(), e.getValue());
    }
    return dir;
  }

  @Test
  void fedShapeInputsCompileForOpenCl(@TempDir Path dir) throws IOException {
    OpenClHarness.requireDevice();
    byte[] model = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 2, 3, 4)
        .typedInput("shape", INT64, 2).typedInput("k", INT64, 1)
        .node("Reshape", names("x", "shape"), names("r"))
        .node("TopK", names("r", "k"), names("v", "i"), attr("axis", 1L))
        .rankedOutput("v", 2).rankedOutput("i", 2, INT64).toBytes();
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", RandomTensors.normal(new SplittableRandom(3), 2, 3, 4));
    in.put("shape", Tensor.vector(4, -1));
    in.put("k", Tensor.vector(3));
    CliTest.Result r = CliTest.cli("compare", writeCase(dir, model, in).toString(), "--device", "opencl");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("test_data_set_0: PASS"), r.out());
  }

  @Test
  void dataDependentOpIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
    OpenClHarness.requireDevice();
    byte[] model = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 2, 3)
        .node("NonZero", names("x"), names("y")).rankedOutput("y", 2, INT64).toBytes();
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {2, 3}, new float[] {0, 1, 0, 2, 0, 0}));
    Path c = writeCase(dir, model, in);
    CliTest.Result r = CliTest.cli("compare", c.toString(), "--device", "opencl");
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("NonZero") && r.err().contains("depends on tensor data"), r.err());
    CliTest.Result ref = CliTest.cli("compare", c.toString(), "--device", "reference");
    assertEquals(0, ref.code(), ref.out() + ref.err());
    assertTrue(List.of(ref.out().split("\n")).stream().anyMatch(l -> l.contains("PASS")), ref.out());
  }
}
