package cnnx.compiler.codegen;

import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.DeviceKind;
import cnnx.boards.KernelDialect;
import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pow of an integer base with a float exponent computes in double precision (as the reference): a target that
 * lists its extensions without cl_khr_fp64 refuses it at compile time, naming the node and the fallback, rather
 * than failing when the device builds the program.
 */
class DoublePrecisionTargetTest {
  private static Target withExtensions(List<String> extensions) {
    return new Target("test/cpu", DeviceKind.CPU, "test", "test CPU", 1, 16, 1, 32 * 1024, 1, 4096, 100, 0, 0, 20,
        1L << 32, "OpenCL 1.2", extensions, KernelDialect.OPENCL_C, "test");
  }

  private static Graph integerPowFloatExponent() {
    return new OnnxImporter().load(new OnnxModelBuilder().opset(21)
        .typedInput("a", TensorProto.DataType.INT32_VALUE, 3).input("e", 3)
        .node("Pow", names("a", "e"), names("y")).output("y", TensorProto.DataType.INT32_VALUE).toBytes(), "m.onnx");
  }

  @Test
  void refusedWithoutDoubles() {
    Graph g = integerPowFloatExponent();
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> new Compiler()
        .compile(g, withExtensions(List.of("cl_khr_fp16")), Compiler.Options.defaults()));
    assertTrue(e.getMessage().contains(g.nodes().get(0).name()) && e.getMessage().contains("cl_khr_fp64")
        && e.getMessage().contains("--fallback reference"), e.getMessage());
  }

  @Test
  void compiledWithDoubles() {
    var plan = new Compiler().compile(integerPowFloatExponent(), withExtensions(List.of("cl_khr_fp64")),
        Compiler.Options.defaults()).plan();
    assertFalse(plan.launches().isEmpty());
    assertTrue(plan.programs().stream().anyMatch(p -> p.source().contains("double")), "a double-precision kernel");
  }
}
