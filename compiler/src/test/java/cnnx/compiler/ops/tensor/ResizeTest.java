package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resize against ONNX Runtime over every mode x coordinate mode (x nearest mode), up- and
 * downsampling, from scales and from sizes. Linear and cubic run on NCHW with N and C unscaled,
 * the layouts ONNX Runtime implements; nearest also runs on 3-D and 5-D inputs.
 */
class ResizeTest {
  private static final String[] COORDINATES = {
    "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_crop_and_resize",
  };
  private static final String[] NEAREST = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};

  static Stream<Arguments> combinations() {
    List<Arguments> out = new ArrayList<>();
    for (String coord : COORDINATES) {
      for (boolean sizes : new boolean[] {false, true}) {
        if (coord.equals("tf_crop_and_resize") && !sizes) {
          continue; // covered with a full roi in cropAndResizeWithScales
        }
        for (String nearest : NEAREST) {
          out.add(Arguments.of("nearest", coord, nearest, sizes));
        }
        out.add(Arguments.of("linear", coord, "", sizes));
        out.add(Arguments.of("cubic", coord, "", sizes));
      }
    }
    return out.stream();
  }

  /** A scale that gives at least one output element; a mix of exact ratios (ties) and random ones. */
  private static float scale(SplittableRandom rnd, int in) {
    float[] nice = {0.5f, 2f, 3f, 1.5f, 0.25f, 0.75f};
    float s = rnd.nextBoolean() ? nice[rnd.nextInt(nice.length)] : (float) rnd.nextDouble(0.3, 2.8);
    return (float) in * s >= 1 ? s : 1f / in + 0.01f;
  }

  private static int size(SplittableRandom rnd, int in) {
    return rnd.nextBoolean() ? rnd.nextInt(1, 2 * in + 2) : (rnd.nextBoolean() ? 2 * in : Math.max(1, in / 2));
  }

  @ParameterizedTest(name = "{0} {1} {2} sizes={3}")
  @MethodSource("combinations")
  void resize(String mode, String coord, String nearest, boolean useSizes) {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed * 1000 + (mode + coord + nearest + useSizes).hashCode());
      boolean anyRank = mode.equals("nearest") && seed == 3;
      int rank = anyRank ? rnd.nextInt(1, 6) : 4;
      int[] shape = RandomShapes.between(rnd, rank, 1, 6);
      int first = anyRank ? 0 : 2; // the axes that may be resized
      if (!anyRank) {
        shape[0] = rnd.nextInt(1, 3);
        shape[1] = rnd.nextInt(1, 3);
      }
      boolean crop = coord.equals("tf_crop_and_resize");
      float[] scales = new float[rank];
      long[] sizes = new long[rank];
      float[] roi = new float[2 * rank];
      for (int k = 0; k < rank; k++) {
        scales[k] = 1f;
        sizes[k] = shape[k];
        roi[rank + k] = 1f;
        if (k < first) {
          continue;
        }
        scales[k] = scale(rnd, shape[k]);
        if (coord.equals("align_corners")) {
          // ONNX Runtime spans align_corners' grid over the rounded output length, ONNX's own node
          // tests (which cnnx follows, see ResizeAlignCornersTest) over scale * length: they agree
          // where the scale gives a whole length, so only such scales are compared here.
          scales[k] = (float) Math.max(1, Math.round(scales[k] * shape[k])) / shape[k];
        }
        sizes[k] = size(rnd, shape[k]);
        if (crop) {
          roi[k] = (float) rnd.nextDouble(-0.3, 0.6);
          roi[rank + k] = roi[k] + (float) rnd.nextDouble(0.2, 0.9);
          if (sizes[k] == shape[k]) {
            sizes[k]++; // ONNX Runtime skips the roi on an axis that keeps its size
          }
        }
      }
      List<AttributeProto> attrs = new ArrayList<>();
      attrs.add(attr("mode", mode));
      attrs.add(attr("coordinate_transformation_mode", coord));
      if (!nearest.isEmpty()) {
        attrs.add(attr("nearest_mode", nearest));
      }
      if (mode.equals("cubic")) {
        attrs.add(attr("cubic_coeff_a", rnd.nextBoolean() ? -0.75f : -0.5f));
        attrs.add(attr("exclude_outside", rnd.nextLong(0, 2)));
      }
      if (crop) {
        attrs.add(attr("extrapolation_value", (float) rnd.nextDouble(-2, 2)));
      }
      OnnxModelBuilder b = LayoutOpsTest.model().input("x", dims(shape));
      String roiName = "";
      if (crop) {
        roiName = "roi";
        b.initializer("roi", roi, roi.length);
      }
      if (useSizes) {
        b.initializerLongs("sizes", sizes, rank);
        b.node("Resize", names("x", roiName, "", "sizes"), names("y"), attrs.toArray(new AttributeProto[0]));
      } else {
        b.initializer("scales", scales, rank);
        b.node("Resize", names("x", roiName, "scales"), names("y"), attrs.toArray(new AttributeProto[0]));
      }
      b.untypedOutputs("y");
      Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)),
          "resize " + mode + " " + coord + " " + nearest + " seed " + seed + " shape " + java.util.Arrays.toString(shape)
              + (useSizes ? " sizes " + java.util.Arrays.toString(sizes) : " scales " + java.util.Arrays.toString(scales)));
    }
  }

  /**
   * antialias=1 when downsampling: the linear or cubic filter stretched by 1 / scale, so each
   * output averages about 2 / scale (linear) or 4 / scale (cubic) inputs per axis. ONNX Runtime
   * follows ONNX's definition for downsampling to at least 2 outputs per axis in these coordinate
   * modes (its align_corners grid and its antialiased upsampling differ from ONNX's), so the random
   * cases stay there; ONNX's own antialias node cases cover the rest of the reference's path.
   */
  @ParameterizedTest(name = "{0} {1} sizes={2}")
  @CsvSource({
    "linear, half_pixel, false", "linear, asymmetric, true", "linear, pytorch_half_pixel, false",
    "linear, half_pixel_symmetric, true", "cubic, half_pixel, true", "cubic, asymmetric, false",
    "cubic, pytorch_half_pixel, true", "cubic, half_pixel_symmetric, false",
  })
  void antialiasedDownsampling(String mode, String coord, boolean useSizes) {
    for (long seed = 1; seed <= 4; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed * 7919 + (mode + coord + useSizes).hashCode());
      int[] shape = {rnd.nextInt(1, 3), rnd.nextInt(1, 3), rnd.nextInt(4, 16), rnd.nextInt(4, 16)};
      float[] scales = {1f, 1f, 1f, 1f};
      long[] sizes = {shape[0], shape[1], shape[2], shape[3]};
      for (int k = 2; k < 4; k++) {
        // down to between 2 outputs and one fewer than the input, by a factor down to ~1/7
        sizes[k] = rnd.nextInt(2, shape[k]);
        scales[k] = (float) sizes[k] / shape[k] + (float) rnd.nextDouble(0, 0.4 / shape[k]);
      }
      OnnxModelBuilder b = LayoutOpsTest.model().input("x", dims(shape));
      AttributeProto[] attrs = {attr("mode", mode), attr("coordinate_transformation_mode", coord),
          attr("antialias", 1L), attr("exclude_outside", rnd.nextLong(0, 2)),
          attr("cubic_coeff_a", rnd.nextBoolean() ? -0.75f : -0.5f)};
      if (useSizes) {
        b.initializerLongs("sizes", sizes, 4).node("Resize", names("x", "", "", "sizes"), names("y"), attrs);
      } else {
        b.initializer("scales", scales, 4).node("Resize", names("x", "", "scales"), names("y"), attrs);
      }
      b.untypedOutputs("y");
      Harness.check(b.toBytes(), Harness.inputs("x", RandomTensors.normal(rnd, shape)),
          "antialias " + mode + " " + coord + " seed " + seed + " shape " + java.util.Arrays.toString(shape)
              + (useSizes ? " sizes " + java.util.Arrays.toString(sizes) : " scales " + java.util.Arrays.toString(scales)));
    }
  }

  /** tf_crop_and_resize from scales with the whole image as roi (where the output size ignores roi). */
  @ParameterizedTest
  @ValueSource(strings = {"nearest", "linear", "cubic"})
  void cropAndResizeWithScales(String mode) {
    SplittableRandom rnd = new SplittableRandom(mode.hashCode());
    int[] shape = {1, 2, 5, 4};
    float[] roi = {0, 0, 0, 0, 1, 1, 1, 1};
    float[] scales = {1, 1, 1.7f, 0.6f};
    byte[] m = LayoutOpsTest.model().input("x", dims(shape))
        .initializer("roi", roi, 8).initializer("scales", scales, 4)
        .node("Resize", names("x", "roi", "scales"), names("y"), attr("mode", mode),
            attr("coordinate_transformation_mode", "tf_crop_and_resize")).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(rnd, shape)), "crop-and-resize scales " + mode);
  }

  /** keep_aspect_ratio_policy on a 2-D input (the policy spans every resized axis). */
  @ParameterizedTest
  @ValueSource(strings = {"not_larger", "not_smaller", "stretch"})
  void keepAspectRatio(String policy) {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed + policy.hashCode());
      int[] shape = {rnd.nextInt(2, 7), rnd.nextInt(2, 7)};
      long[] sizes = {rnd.nextInt(1, 12), rnd.nextInt(1, 12)};
      String mode = seed == 1 ? "nearest" : "linear";
      byte[] m = LayoutOpsTest.model().input("x", dims(shape))
          .initializerLongs("sizes", sizes, 2)
          .node("Resize", names("x", "", "", "sizes"), names("y"), attr("mode", mode),
              attr("keep_aspect_ratio_policy", policy)).untypedOutputs("y").toBytes();
      Harness.check(m, Harness.inputs("x", RandomTensors.normal(rnd, shape)), "keep aspect " + policy + " seed " + seed);
    }
  }

  /**
   * Sizes for the listed axes only, with and without a keep-aspect policy. ONNX Runtime crashes on
   * sizes with axes, so the oracle runs the equivalent model without axes: full-rank sizes, or the
   * 2-D image for a policy (which spans only the listed axes).
   */
  @ParameterizedTest
  @ValueSource(strings = {"stretch", "not_larger", "not_smaller"})
  void sizesForAxes(String policy) {
    SplittableRandom rnd = new SplittableRandom(policy.hashCode());
    int h = 4;
    int w = 5;
    long[] sizes = {7, 3};
    cnnx.compiler.ir.Tensor x = RandomTensors.normal(rnd, 1, 1, h, w);
    byte[] withAxes = LayoutOpsTest.model().input("x", 1L, 1, h, w)
        .initializerLongs("sizes", sizes, 2)
        .node("Resize", names("x", "", "", "sizes"), names("y"), attr("mode", "linear"),
            attr("keep_aspect_ratio_policy", policy), attrInts("axes", -2, 3)).untypedOutputs("y").toBytes();
    cnnx.compiler.ir.Graph g = Harness.load(withAxes, "sizes with axes");
    cnnx.compiler.ir.Tensor ours = new cnnx.compiler.interp.ReferenceInterpreter().run(g, Harness.inputs("x", x)).get("y");
    byte[] plain = LayoutOpsTest.model().input("x", (long) h, w)
        .initializerLongs("sizes", sizes, 2)
        .node("Resize", names("x", "", "", "sizes"), names("y"), attr("mode", "linear"),
            attr("keep_aspect_ratio_policy", policy)).untypedOutputs("y").toBytes();
    cnnx.compiler.ir.Tensor expected = Harness.check(plain, Harness.inputs("x", x.reshape(new int[] {h, w})),
        "sizes 2-D " + policy).get("y");
    int[] s = expected.shape();
    cnnx.compiler.testing.TensorAssert.assertClose(expected.reshape(new int[] {1, 1, s[0], s[1]}), ours,
        Harness.RTOL, Harness.ATOL, "sizes with axes " + policy);
    InferredTypes.assertAgree(g, java.util.Map.of("y", ours), true, "sizes with axes " + policy);
  }

  /** Scales for the listed axes only. */
  @Test
  void scalesForAxes() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[] shape = {2, 3, 4, 5};
    byte[] m = LayoutOpsTest.model().input("x", dims(shape))
        .initializer("scales", new float[] {0.5f, 2.5f}, 2)
        .node("Resize", names("x", "", "scales"), names("y"), attr("mode", "linear"), attrInts("axes", 3, 2)).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(rnd, shape)), "scales for axes");
  }

  /** Opset-11 exporters pass an empty roi and an empty scales tensor together with sizes. */
  @Test
  void emptyScalesWithSizesOpset11() {
    SplittableRandom rnd = new SplittableRandom(11);
    int[] shape = {1, 2, 3, 4};
    byte[] m = new OnnxModelBuilder().opset(11).input("x", dims(shape))
        .initializer("roi", new float[0], 0).initializer("scales", new float[0], 0)
        .initializerLongs("sizes", new long[] {1, 2, 7, 5}, 4)
        .node("Resize", names("x", "roi", "scales", "sizes"), names("y"), attr("mode", "linear"),
            attr("coordinate_transformation_mode", "align_corners")).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(rnd, shape)), "opset 11 resize");
  }

  /** The deprecated tf_half_pixel_for_nn of opsets 11-12. */
  @Test
  void tfHalfPixelForNearestOpset11() {
    SplittableRandom rnd = new SplittableRandom(12);
    int[] shape = {1, 1, 5, 3};
    byte[] m = new OnnxModelBuilder().opset(11).input("x", dims(shape))
        .initializer("roi", new float[0], 0).initializer("scales", new float[] {1, 1, 1.6f, 2.4f}, 4)
        .node("Resize", names("x", "roi", "scales"), names("y"), attr("mode", "nearest"),
            attr("coordinate_transformation_mode", "tf_half_pixel_for_nn")).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(rnd, shape)), "tf_half_pixel_for_nn");
  }

  /** Upsample-9 arrives as Resize with asymmetric coordinates and floor rounding. */
  @Test
  void upsampleOpset9() {
    SplittableRandom rnd = new SplittableRandom(9);
    int[] shape = {1, 2, 3, 3};
    byte[] m = new OnnxModelBuilder().opset(9).input("x", dims(shape))
        .initializer("scales", new float[] {1, 1, 2, 3}, 4)
        .node("Upsample", names("x", "scales"), names("y"), attr("mode", "nearest")).untypedOutputs("y").toBytes();
    Harness.check(m, Harness.inputs("x", RandomTensors.normal(rnd, shape)), "upsample 9");
  }
}
