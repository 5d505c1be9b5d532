package cnnx.host.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.HostileModels;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClRunner;
import cnnx.host.testing.OpenClHarness;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OpenCL device refuses what the reference refuses, with the reference's message, before allocating. */
class HostileModelDeviceTest {
  static Stream<Arguments> bombs() {
    return HostileModels.sizeBombs().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static OpenClRunner runner(DeviceInfo d, Graph g, MemoryBudget budget) {
    return new OpenClRunner(g, d, KernelBinaryCache.atDefaultLocation(), Compiler.Options.defaults(), budget);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bombs")
  void sizeBombsAreRefusedLikeTheReference(String name, Supplier<OnnxModelBuilder> model) {
    DeviceInfo d = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(model.get().toBytes(), "bomb.onnx");
    Map<String, Tensor> in = HostileModels.zeros(g);
    InvalidModelException ref = assertThrows(InvalidModelException.class, () -> new ReferenceInterpreter().run(g, in));
    try (OpenClRunner r = runner(d, g, null)) {
      InvalidModelException dev = assertThrows(InvalidModelException.class, () -> r.run(in), name);
      assertEquals(ref.getMessage(), dev.getMessage(), name);
    }
  }

  @Test
  void inputsOfAnotherShapeThanDeclaredAreRefused() {
    DeviceInfo d = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(new OnnxModelBuilder().input("x", 1L, 2L, 6L, 6L)
        .node("Relu", names("x"), names("y")).output("y").toBytes(), "relu.onnx");
    Map<String, Tensor> in = Map.of("x", Tensor.zeros(cnnx.compiler.ir.DataType.FLOAT, new int[] {1, 2, 5, 5}));
    InvalidModelException ref = assertThrows(InvalidModelException.class, () -> new ReferenceInterpreter().run(g, in));
    try (OpenClRunner r = runner(d, g, null)) {
      InvalidModelException dev = assertThrows(InvalidModelException.class, () -> r.run(in));
      assertEquals(ref.getMessage(), dev.getMessage());
    }
  }

  @Test
  void aPlanOverTheMemoryLimitIsRefusedNamingItsLargestTensors() {
    DeviceInfo d = OpenClHarness.requireDevice();
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 64L, 64L);
    String prev = "x";
    for (int i = 0; i < 8; i++) { // c7: 256 × 4096 floats = 4 MiB
      b.node("Concat", names(prev, prev), names("c" + i), attr("axis", 0L));
      prev = "c" + i;
    }
    Graph g = new OnnxImporter().load(b.node("Neg", names(prev), names("y")).output("y").toBytes(), "chain.onnx");
    Map<String, Tensor> in = HostileModels.zeros(g);
    try (OpenClRunner r = runner(d, g, new MemoryBudget(4L << 20, "--memory-limit"))) {
      InvalidModelException e = assertThrows(InvalidModelException.class, () -> r.run(in));
      assertTrue(e.getMessage().contains("over the memory limit of 4.0 MiB (--memory-limit)")
          && e.getMessage().contains("float[1048576] 4.0 MiB"), e.getMessage());
    }
    try (OpenClRunner r = runner(d, g, new MemoryBudget(64L << 20, "--memory-limit"))) {
      Tensor y = r.run(in).outputs().get("y");
      assertEquals(256 * 64 * 64, y.size());
    }
  }
}
