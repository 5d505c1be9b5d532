package cnnx.compiler.onnx;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrFloats;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Older opset forms, rewritten by the importer into the canonical form, compute what ONNX Runtime
 * computes for the original model (tolerance rtol 1e-5, atol 1e-6).
 */
class OpsetCanonicalizationTest {
  private static void agreesWithOrt(OnnxModelBuilder model, int... inputShape) {
    byte[] bytes = model.toBytes();
    Tensor x = RandomTensors.normal(new SplittableRandom(inputShape.length * 31L + bytes.length), inputShape);
    Map<String, Tensor> expected = OrtOracle.run(bytes, Map.of("x", x));
    Graph g = new OnnxImporter().load(bytes, "model.onnx");
    Map<String, Tensor> actual = new ReferenceInterpreter().run(g, Map.of("x", x));
    expected.forEach((name, e) -> TensorAssert.assertClose(e, actual.get(name), 1e-5, 1e-6, name));
  }

  private static OnnxModelBuilder single(int opset, String op, long[] dims, String[] extraInputs,
      cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto... attrs) {
    OnnxModelBuilder b = new OnnxModelBuilder().opset(opset).irVersion(opset < 9 ? 3 : 7).input("x", dims);
    java.util.List<String> in = names("x");
    in.addAll(java.util.List.of(extraInputs));
    return b.node(op, in, names("y"), attrs).output("y");
  }

  @Test
  void clipWithAttributes() {
    agreesWithOrt(single(7, "Clip", new long[] {3, 5}, new String[0], attr("min", -0.5f), attr("max", 0.7f)), 3, 5);
    agreesWithOrt(single(7, "Clip", new long[] {3, 5}, new String[0], attr("max", 0.1f)), 3, 5);
  }

  @Test
  void padWithAttributes() {
    agreesWithOrt(single(7, "Pad", new long[] {1, 2, 3, 4}, new String[0],
        attrInts("pads", 0, 0, 1, 2, 0, 0, 2, 1), attr("value", 1.5f)), 1, 2, 3, 4);
    agreesWithOrt(single(7, "Pad", new long[] {1, 2, 3, 4}, new String[0],
        attrInts("pads", 0, 0, 1, 2, 0, 0, 2, 1), attr("mode", "reflect")), 1, 2, 3, 4);
    agreesWithOrt(single(7, "Pad", new long[] {1, 2, 3, 4}, new String[0],
        attrInts("pads", 0, 0, 1, 0, 0, 0, 2, 3), attr("mode", "edge")), 1, 2, 3, 4);
  }

  @Test
  void sliceWithAttributes() {
    agreesWithOrt(single(9, "Slice", new long[] {4, 6}, new String[0],
        attrInts("starts", 1, -4), attrInts("ends", 3, 100), attrInts("axes", 0, 1)), 4, 6);
  }

  @Test
  void squeezeUnsqueezeSplitWithAttributes() {
    agreesWithOrt(single(11, "Unsqueeze", new long[] {3, 4}, new String[0], attrInts("axes", 0, 3)), 3, 4);
    agreesWithOrt(single(11, "Squeeze", new long[] {3, 1, 4, 1}, new String[0], attrInts("axes", 1, -1)), 3, 1, 4, 1);
    OnnxModelBuilder split = new OnnxModelBuilder().opset(11).input("x", 2L, 6L)
        .node("Split", names("x"), names("a", "b"), attr("axis", 1L), attrInts("split", 2, 4)).output("a").output("b");
    agreesWithOrt(split, 2, 6);
  }

  @Test
  void reductionsWithAxesAttribute() {
    agreesWithOrt(single(11, "ReduceMean", new long[] {2, 3, 4}, new String[0], attrInts("axes", 1), attr("keepdims", 0L)), 2, 3, 4);
    agreesWithOrt(single(11, "ReduceSum", new long[] {2, 3, 4}, new String[0], attrInts("axes", 0, 2)), 2, 3, 4);
    agreesWithOrt(single(11, "ReduceMax", new long[] {2, 3, 4}, new String[0], attrInts("axes", -1)), 2, 3, 4);
  }

  // Before opset 13 Softmax flattens at axis to 2-D: different numbers from a per-axis softmax.
  @Test
  void softmaxBeforeOpset13FlattensToRows() {
    agreesWithOrt(single(11, "Softmax", new long[] {2, 3, 4}, new String[0], attr("axis", 1L)), 2, 3, 4);
    agreesWithOrt(single(11, "LogSoftmax", new long[] {2, 3, 4}, new String[0], attr("axis", 0L)), 2, 3, 4);
    agreesWithOrt(single(11, "Softmax", new long[] {2, 3, 4}, new String[0]), 2, 3, 4);
    agreesWithOrt(single(11, "Softmax", new long[] {2, 3, 4}, new String[0], attr("axis", -1L)), 2, 3, 4);
  }

  @Test
  void upsampleBecomesResize() {
    agreesWithOrt(single(7, "Upsample", new long[] {1, 2, 3, 4}, new String[0],
        attrFloats("scales", 1, 1, 2, 3), attr("mode", "nearest")), 1, 2, 3, 4);
    agreesWithOrt(single(7, "Upsample", new long[] {1, 2, 3, 4}, new String[0],
        attrFloats("scales", 1, 1, 2, 2), attr("mode", "linear")), 1, 2, 3, 4);
    OnnxModelBuilder v9 = new OnnxModelBuilder().opset(9).input("x", 1L, 2L, 3L, 4L)
        .initializer("scales", new float[] {1, 1, 2, 1.5f}, 4)
        .node("Upsample", names("x", "scales"), names("y"), attr("mode", "nearest")).output("y");
    agreesWithOrt(v9, 1, 2, 3, 4);
    OnnxModelBuilder v10 = new OnnxModelBuilder().opset(10).input("x", 1L, 2L, 3L, 4L)
        .initializer("scales", new float[] {1, 1, 2, 2}, 4)
        .node("Resize", names("x", "scales"), names("y"), attr("mode", "linear")).output("y");
    agreesWithOrt(v10, 1, 2, 3, 4);
  }

  @Test
  void reshapeDropoutAndBatchNormOfOldOpsets() {
    OnnxModelBuilder bn = new OnnxModelBuilder().opset(7).irVersion(3).input("x", 2L, 3L, 4L, 4L)
        .initializer("s", new float[] {1, 2, 0.5f}, 3).initializer("b", new float[] {0, 1, -1}, 3)
        .initializer("m", new float[] {0.1f, -0.2f, 0.3f}, 3).initializer("v", new float[] {1, 0.5f, 2}, 3)
        .node("BatchNormalization", names("x", "s", "b", "m", "v"), names("y"), attr("spatial", 1L), attr("epsilon", 1e-3f))
        .output("y");
    agreesWithOrt(bn, 2, 3, 4, 4);
    OnnxModelBuilder dropout = new OnnxModelBuilder().opset(7).input("x", 2L, 5L)
        .node("Dropout", names("x"), names("y"), attr("ratio", 0.3f)).output("y");
    agreesWithOrt(dropout, 2, 5);
  }

  /**
   * Dropout's training_mode input: a constant false is inference (the identity, as ONNX Runtime
   * computes), a constant true is refused on import; one fed at run time is checked when the model
   * runs (false: the identity with an all-true mask; true: refused, as training mode zeroes random
   * elements) and refused for compiling.
   */
  @Test
  void dropoutTrainingModeInput() {
    OnnxModelBuilder off = new OnnxModelBuilder().opset(13).input("x", 2L, 5L)
        .initializer("ratio", new float[] {0.4f})
        .initializer(boolScalar("mode", false))
        .node("Dropout", names("x", "ratio", "mode"), names("y")).output("y");
    agreesWithOrt(off, 2, 5);
    OnnxModelBuilder on = new OnnxModelBuilder().opset(13).input("x", 2L, 5L)
        .initializer("ratio", new float[] {0.4f})
        .initializer(boolScalar("mode", true))
        .node("Dropout", names("x", "ratio", "mode"), names("y")).output("y");
    UnsupportedModelException constant = assertThrows(UnsupportedModelException.class,
        () -> new OnnxImporter().load(on.toBytes(), "dropout"));
    assertTrue(constant.getMessage().contains("training mode"), constant.getMessage());

    OnnxModelBuilder fed = new OnnxModelBuilder().opset(13).input("x", 2L, 5L)
        .typedInput("mode", TensorProto.DataType.BOOL_VALUE)
        .node("Dropout", names("x", "", "mode"), names("y", "mask")).output("y")
        .output("mask", TensorProto.DataType.BOOL_VALUE);
    Graph g = new OnnxImporter().load(fed.toBytes(), "dropout");
    Tensor x = RandomTensors.normal(new SplittableRandom(3), 2, 5);
    Map<String, Tensor> inference = new ReferenceInterpreter().run(g, Map.of("x", x, "mode", bool(false)));
    TensorAssert.assertClose(x, inference.get("y"), 0, 0, "y");
    assertTrue(java.util.Arrays.stream(inference.get("mask").longs()).allMatch(v -> v == 1), "the mask keeps everything");
    UnsupportedModelException training = assertThrows(UnsupportedModelException.class,
        () -> new ReferenceInterpreter().run(g, Map.of("x", x, "mode", bool(true))));
    assertTrue(training.getMessage().contains("training mode zeroes random elements"), training.getMessage());
    UnsupportedModelException compiled = assertThrows(UnsupportedModelException.class,
        () -> new cnnx.compiler.Compiler().compile(g, cnnx.compiler.Compiler.Options.defaults()));
    assertTrue(compiled.getMessage().contains("Dropout"), compiled.getMessage());
  }

  private static Tensor bool(boolean v) {
    return Tensor.ofLongs(cnnx.compiler.ir.DataType.BOOL, new int[0], new long[] {v ? 1 : 0});
  }

  private static TensorProto boolScalar(String name, boolean v) {
    return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.BOOL_VALUE)
        .addInt32Data(v ? 1 : 0).build();
  }
}
