package cnnx.host.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.HostileModels;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OpenCL device refuses what the reference refuses, with the reference's message, before allocating. */
class HostileModelDeviceTest {
  static Stream<Arguments> bombs() {
    return HostileModels.sizeBombs().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /** Compiled for the inputs' shapes, as every device path does, and loaded on the first OpenCL device. */
  private static OpenClExecutable load(Graph g, Map<String, Tensor> in) {
    Map<String, int[]> shapes = new java.util.TreeMap<>();
    in.forEach((k, v) -> shapes.put(k, v.shape()));
    Compiler.Compiled c = new Compiler().compile(g, Compiler.Options.defaults().withInputShapes(shapes));
    return OpenClExecutable.load(OpenClHarness.context(), c.plan(), KernelBinaryCache.atDefaultLocation());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bombs")
  void sizeBombsAreRefusedLikeTheReference(String name, Supplier<OnnxModelBuilder> model) {
    DeviceInfo d = OpenClHarness.requireDevice();
    Graph g = new OnnxImporter().load(model.get().toBytes(), "bomb.onnx");
    Map<String, Tensor> in = HostileModels.zeros(g);
    InvalidModelException ref = assertThrows(InvalidModelException.class, () -> new ReferenceInterpreter().run(g, in));
    InvalidModelException dev = assertThrows(InvalidModelException.class, () -> load(g, in).close(), name);
    assertEquals(ref.getMessage(), dev.getMessage(), name);
  }
}
