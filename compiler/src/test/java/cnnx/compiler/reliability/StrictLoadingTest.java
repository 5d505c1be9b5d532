package cnnx.compiler.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.onnx.proto.OnnxProtos.OperatorSetIdProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loading is strict: an IR version or opset newer than cnnx knows is unsupported (exit 3) naming
 * both figures unless the caller opts in; two opset imports for one domain are invalid (exit 2).
 */
class StrictLoadingTest {
  private static OnnxModelBuilder relu() {
    return new OnnxModelBuilder().input("x", 3L).node("Relu", names("x"), names("y")).output("y");
  }

  @Test
  void aNewerIrVersionIsUnsupportedUnlessAllowed() {
    byte[] m = relu().irVersion(OnnxImporter.MAX_IR_VERSION + 1).toBytes();
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> new OnnxImporter().load(m, "m.onnx"));
    assertTrue(e.getMessage().contains("IR version " + (OnnxImporter.MAX_IR_VERSION + 1))
        && e.getMessage().contains("(" + OnnxImporter.MAX_IR_VERSION + ")"), e.getMessage());
    Graph g = new OnnxImporter().allowingNewerVersions().load(m, "m.onnx");
    Tensor y = new ReferenceInterpreter().run(g, Map.of("x", Tensor.ofFloats(new int[] {3}, new float[] {-1, 0, 2})))
        .get("y");
    assertEquals(2f, y.floats()[2]);
  }

  @Test
  void aNewerOpsetIsUnsupportedUnlessAllowed() {
    byte[] m = relu().opset(OnnxImporter.MAX_OPSET + 1).toBytes();
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> new OnnxImporter().load(m, "m.onnx"));
    assertTrue(e.getMessage().contains("opset " + (OnnxImporter.MAX_OPSET + 1)), e.getMessage());
    assertEquals(OnnxImporter.MAX_OPSET + 1, new OnnxImporter().allowingNewerVersions().load(m, "m.onnx").opset());
  }

  @Test
  void twoOpsetImportsForOneDomainAreInvalid() {
    for (String second : new String[] {"", "ai.onnx"}) {
      ModelProto m = relu().build().toBuilder()
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(second).setVersion(11)).build();
      InvalidModelException e = assertThrows(InvalidModelException.class,
          () -> new OnnxImporter().load(m.toByteArray(), "m.onnx"));
      assertTrue(e.getMessage().contains("'ai.onnx' more than once"), e.getMessage());
    }
    ModelProto custom = relu().build().toBuilder()
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(2)).build();
    assertThrows(InvalidModelException.class, () -> new OnnxImporter().load(custom.toByteArray(), "m.onnx"));
  }

  @Test
  void theNewestKnownVersionsLoad() {
    byte[] m = relu().irVersion(OnnxImporter.MAX_IR_VERSION).opset(OnnxImporter.MAX_OPSET).toBytes();
    assertEquals(OnnxImporter.MAX_OPSET, new OnnxImporter().load(m, "m.onnx").opset());
  }
}
