package cnnx.compiler.onnx;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Opsets 22-28: accepted up to the newest, their new attributes checked against the model's opset. */
class NewOpsetsTest {
  private static OnnxModelBuilder spaceToDepth(int opset, String mode) {
    OnnxModelBuilder b = new OnnxModelBuilder().opset(opset).irVersion(10).input("x", 1, 2, 4, 6);
    return mode == null
        ? b.node("SpaceToDepth", names("x"), names("y"), attr("blocksize", 2L)).output("y")
        : b.node("SpaceToDepth", names("x"), names("y"), attr("blocksize", 2L), attr("mode", mode)).output("y");
  }

  @Test
  void opset28IsTheNewestAccepted() {
    assertEquals(28, OnnxImporter.MAX_OPSET);
    new OnnxImporter().load(spaceToDepth(28, "CRD").toBytes(), "m28.onnx");
    var e = assertThrows(UnsupportedModelException.class,
        () -> new OnnxImporter().load(spaceToDepth(29, null).toBytes(), "m29.onnx"));
    assertTrue(e.getMessage().contains("opset 29"), e.getMessage());
  }

  /** CRD is the inverse of DepthToSpace CRD, which ONNX Runtime has at every opset. */
  @Test
  void spaceToDepthCrdInvertsDepthToSpaceCrd() {
    Tensor x = RandomTensors.normal(new SplittableRandom(7), 1, 2, 4, 6);
    Graph g = new OnnxImporter().load(spaceToDepth(28, "CRD").toBytes(), "s2d.onnx");
    Tensor packed = new ReferenceInterpreter().run(g, Map.of("x", x)).get("y");
    byte[] d2s = new OnnxModelBuilder().opset(21).irVersion(10).input("x", 1, 8, 2, 3)
        .node("DepthToSpace", names("x"), names("y"), attr("blocksize", 2L), attr("mode", "CRD")).output("y")
        .toBytes();
    Tensor back = OrtOracle.run(d2s, Map.of("x", packed)).get("y");
    TensorAssert.assertClose(x, back, 0, 0, "DepthToSpace(SpaceToDepth(x))");
  }

  @Test
  void attributesOfNewerOpsetsAreRefusedInOlderModels() {
    var e = assertThrows(InvalidModelException.class,
        () -> new OnnxImporter().load(spaceToDepth(21, "DCR").toBytes(), "m21.onnx"));
    assertTrue(e.getMessage().contains("'mode' exists from opset 28"), e.getMessage());
  }

  @Test
  void rangeStashTypeIsFloatOrDouble() {
    OnnxModelBuilder ok = new OnnxModelBuilder().opset(27).irVersion(10)
        .typedInput("s", DataType.FLOAT16.onnxCode()).typedInput("l", DataType.FLOAT16.onnxCode())
        .typedInput("d", DataType.FLOAT16.onnxCode())
        .node("Range", names("s", "l", "d"), names("y"), attr("stash_type", 1L)).output("y");
    Graph g = new OnnxImporter().load(ok.toBytes(), "range.onnx");
    Tensor half = Tensor.ofFloats(DataType.FLOAT16, new int[0], new float[] {0f});
    Map<String, Tensor> in = Map.of("s", half, "l", Tensor.ofFloats(DataType.FLOAT16, new int[0], new float[] {1f}),
        "d", Tensor.ofFloats(DataType.FLOAT16, new int[0], new float[] {0.3f}));
    Tensor y = new ReferenceInterpreter().run(g, in).get("y");
    assertEquals(DataType.FLOAT16, y.dtype());
    // 0.3 is 0.2999... in float16; each element rounded to float16.
    float d = DataType.FLOAT16.round(0.3f);
    assertArrayEquals(new float[] {0f, DataType.FLOAT16.round(d), DataType.FLOAT16.round(2 * d),
        DataType.FLOAT16.round(3 * d)}, y.floats());
    OnnxModelBuilder bad = new OnnxModelBuilder().opset(27).irVersion(10)
        .typedInput("s", DataType.FLOAT16.onnxCode()).typedInput("l", DataType.FLOAT16.onnxCode())
        .typedInput("d", DataType.FLOAT16.onnxCode())
        .node("Range", names("s", "l", "d"), names("y"), attr("stash_type", 10L)).output("y");
    Graph gb = new OnnxImporter().load(bad.toBytes(), "range.onnx");
    assertThrows(InvalidModelException.class, () -> new ReferenceInterpreter().run(gb, in));
  }
}
