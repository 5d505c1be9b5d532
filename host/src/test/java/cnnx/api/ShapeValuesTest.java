package cnnx.api;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.pass.ShapeInputs;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.testing.OpenClHarness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Shape-deciding integer inputs fed at run time (Reshape's shape, Slice's starts/ends, Unsqueeze's
 * axes, Split's sizes, Resize's sizes, TopK's k): compiling for the fed inputs compiles for their values, as
 * for their shapes; each compiled model matches the reference, and refuses other values.
 */
class ShapeValuesTest {
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  private static byte[] model() {
    return new OnnxModelBuilder().opset(18)
        .input("x", 2, 3, 4, 5)
        .typedInput("shape", INT64, 3)
        .typedInput("starts", INT64, 1)
        .typedInput("ends", INT64, 1)
        .typedInput("axes", INT64, 1)
        .typedInput("split", INT64, 2)
        .typedInput("sizes", INT64, 4)
        .typedInput("k", INT64, 1)
        .initializerLongs("slice_axes", new long[] {1}, 1)
        .node("Reshape", names("x", "shape"), names("r"))
        .node("Slice", names("r", "starts", "ends", "slice_axes"), names("s"))
        .node("Unsqueeze", names("s", "axes"), names("u"))
        .node("Split", names("x", "split"), names("a", "b"), attr("axis", 3L))
        .node("Resize", names("x", "", "", "sizes"), names("z"), attr("mode", "nearest"))
        .node("TopK", names("x", "k"), names("tv", "ti"), attr("axis", 3L))
        .rankedOutput("tv", 4).rankedOutput("ti", 4, INT64).rankedOutput("u", 4).rankedOutput("a", 4).rankedOutput("b", 4).rankedOutput("z", 4)
        .toBytes();
  }

  private static Map<String, cnnx.compiler.ir.Tensor> feeds(long[] shape, long start, long end, long axis,
      long[] split, long[] sizes, long k) {
    Map<String, cnnx.compiler.ir.Tensor> m = new LinkedHashMap<>();
    m.put("x", RandomTensors.normal(new SplittableRandom(7), 2, 3, 4, 5));
    m.put("shape", cnnx.compiler.ir.Tensor.vector(shape));
    m.put("starts", cnnx.compiler.ir.Tensor.vector(start));
    m.put("ends", cnnx.compiler.ir.Tensor.vector(end));
    m.put("axes", cnnx.compiler.ir.Tensor.vector(axis));
    m.put("split", cnnx.compiler.ir.Tensor.vector(split));
    m.put("sizes", cnnx.compiler.ir.Tensor.vector(sizes));
    m.put("k", cnnx.compiler.ir.Tensor.vector(k));
    return m;
  }

  private static Map<String, Tensor> wrap(Map<String, cnnx.compiler.ir.Tensor> in) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    in.forEach((k, v) -> m.put(k, Tensor.wrap(v)));
    return m;
  }

  @Test
  void compilesForTheValuesAndMatchesTheReference() {
    OpenClHarness.requireDevice();
    Model model = Cnnx.load(model(), "shape-inputs.onnx");
    Graph g = new OnnxImporter().load(model(), "shape-inputs.onnx");
    var first = feeds(new long[] {6, -1, 5}, 1, 4, 0, new long[] {2, 3}, new long[] {2, 3, 6, 9}, 2);
    var second = feeds(new long[] {0, 0, -1}, -3, 100, 2, new long[] {4, 1}, new long[] {1, 3, 2, 3}, 5);
    for (var in : List.of(first, second)) {
      try (Session s = model.compile(CompileOptions.forDevice("opencl").withInputsLike(wrap(in))).newSession()) {
        Map<String, Tensor> actual = s.run(wrap(in)).outputs();
        new ReferenceInterpreter().run(g, in).forEach((name, e) ->
            TensorAssert.assertClose(e, actual.get(name).unwrap(), 0, 0, name));
      }
    }
    // Intent (negative): a model compiled for some values refuses others instead of computing wrong shapes.
    try (Session s = model.compile(CompileOptions.forDevice("opencl").withInputsLike(wrap(first))).newSession()) {
      CnnxException e = assertThrows(CnnxException.class, () -> s.run(wrap(second)));
      assertEquals(CnnxException.Kind.INVALID, e.kind());
      assertTrue(e.getMessage().contains("compiled for its value"), e.getMessage());
    }
  }

  /**
   * Float inputs that decide shapes (Resize's scales) or that a kernel is built from (its roi) are specialised
   * on; a small float image beside them is data and is not.
   */
  @Test
  void floatScalesAndRoiAreSpecialisedButSmallFloatDataIsNot() {
    int float32 = TensorProto.DataType.FLOAT_VALUE;
    byte[] scaled = new OnnxModelBuilder().opset(18).input("x", 1, 1, 2, 2).typedInput("scales", float32, 4)
        .node("Resize", names("x", "", "scales"), names("y"), attr("mode", "nearest")).rankedOutput("y", 4).toBytes();
    Map<String, cnnx.compiler.ir.Tensor> in = new LinkedHashMap<>();
    in.put("x", RandomTensors.normal(new SplittableRandom(5), 1, 1, 2, 2));
    in.put("scales", cnnx.compiler.ir.Tensor.ofFloats(new int[] {4}, new float[] {1, 1, 2, 3}));
    Map<String, int[]> shapes = Map.of("x", new int[] {1, 1, 2, 2}, "scales", new int[] {4});
    assertEquals(List.of("scales"),
        List.copyOf(ShapeInputs.needed(new OnnxImporter().load(scaled, "s.onnx"), shapes, in).keySet()));

    byte[] cropped = new OnnxModelBuilder().opset(18).input("x", 1, 1, 2, 2).typedInput("roi", float32, 8)
        .initializerLongs("sizes", new long[] {1, 1, 3, 3}, 4)
        .node("Resize", names("x", "roi", "", "sizes"), names("y"), attr("mode", "linear"),
            attr("coordinate_transformation_mode", "tf_crop_and_resize"))
        .rankedOutput("y", 4).toBytes();
    Map<String, cnnx.compiler.ir.Tensor> crop = new LinkedHashMap<>();
    crop.put("x", in.get("x"));
    crop.put("roi", cnnx.compiler.ir.Tensor.ofFloats(new int[] {8}, new float[] {0, 0, 0.2f, 0.1f, 1, 1, 0.8f, 0.9f}));
    assertEquals(List.of("roi"), List.copyOf(ShapeInputs.needed(new OnnxImporter().load(cropped, "c.onnx"),
        Map.of("x", new int[] {1, 1, 2, 2}, "roi", new int[] {8}), crop).keySet()));
  }

  // Intent (negative): integer data (Gather's indices) leaves shapes static, so nothing is specialised.
  @Test
  void integerDataIsNotSpecialised() {
    byte[] model = new OnnxModelBuilder().opset(18).input("x", 4, 3).typedInput("idx", INT64, 2)
        .node("Gather", names("x", "idx"), names("y"), attr("axis", 0L)).rankedOutput("y", 2).toBytes();
    Graph g = new OnnxImporter().load(model, "gather.onnx");
    assertEquals(Map.of(), ShapeInputs.needed(g, Map.of("x", new int[] {4, 3}, "idx", new int[] {2}),
        Map.of("idx", cnnx.compiler.ir.Tensor.vector(3, 0))));
    Graph shaped = new OnnxImporter().load(model(), "shape-inputs.onnx");
    var in = feeds(new long[] {6, -1, 5}, 1, 4, 0, new long[] {2, 3}, new long[] {2, 3, 6, 9}, 2);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    in.forEach((k, v) -> shapes.put(k, v.shape()));
    assertEquals(List.of("axes", "ends", "k", "shape", "sizes", "split", "starts"),
        List.copyOf(ShapeInputs.needed(shaped, shapes, in).keySet()));
  }
}
