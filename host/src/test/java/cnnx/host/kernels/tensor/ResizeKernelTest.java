package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Resize kernels over a representative set of modes, coordinate modes and nearest modes (not the
 * full cross product: each case is a distinct kernel), up- and downsampling, from scales and from
 * sizes (some with the empty scales and roi tensors exporters write), with roi cropping and
 * extrapolation, an axes subset and an aspect-ratio policy.
 *
 * <p>Nearest is an exact copy (1e-5). Linear and cubic sum 2^r / 4^r weighted neighbours in float
 * where the reference resamples axis by axis in double: with weights up to ~1.2 and values of a few
 * units, float rounding stays far below 1e-5 absolute, so the same rtol = atol = 1e-5 holds.
 */
class ResizeKernelTest {
  @ParameterizedTest(name = "{0} {1} {2} sizes={3} seed {4}")
  @CsvSource({
    "nearest, asymmetric, floor, false, 1",
    "nearest, half_pixel, round_prefer_floor, false, 2",
    "nearest, align_corners, round_prefer_ceil, true, 3",
    "nearest, tf_half_pixel_for_nn, ceil, false, 4",
    "nearest, tf_crop_and_resize, round_prefer_floor, true, 5",
    "linear, half_pixel, '', false, 6",
    "linear, align_corners, '', true, 7",
    "linear, pytorch_half_pixel, '', true, 8",
    "linear, tf_crop_and_resize, '', true, 9",
    "cubic, half_pixel, '', false, 10",
    "cubic, asymmetric, '', true, 11",
    "cubic, half_pixel_symmetric, '', false, 12",
  })
  void resize(String mode, String coord, String nearest, boolean useSizes, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = mode.equals("nearest") && seed % 2 == 0 ? 5 : 4;
    int[] shape = {rnd.nextInt(1, 3), rnd.nextInt(1, 3), rnd.nextInt(2, 6), rnd.nextInt(2, 6), 3};
    shape = java.util.Arrays.copyOf(shape, rank);
    boolean crop = coord.equals("tf_crop_and_resize");
    float[] scales = new float[rank];
    long[] sizes = new long[rank];
    float[] roi = new float[2 * rank];
    float[] nice = {0.5f, 2f, 3f, 1.5f, 0.75f};
    for (int k = 0; k < rank; k++) {
      scales[k] = 1f;
      sizes[k] = shape[k];
      roi[rank + k] = 1f;
      if (k < 2) {
        continue;
      }
      // an exact ratio (nearest-pixel ties) on one axis, an arbitrary one (uneven weights) on the next
      scales[k] = k == 2 ? nice[rnd.nextInt(nice.length)] : (float) rnd.nextDouble(0.6, 2.8);
      sizes[k] = rnd.nextInt(1, 2 * shape[k] + 2);
      if (crop) {
        roi[k] = (float) rnd.nextDouble(-0.3, 0.5);
        roi[rank + k] = roi[k] + (float) rnd.nextDouble(0.3, 0.9);
      }
    }
    List<AttributeProto> attrs = new ArrayList<>();
    attrs.add(attr("mode", mode));
    attrs.add(attr("coordinate_transformation_mode", coord));
    if (!nearest.isEmpty()) {
      attrs.add(attr("nearest_mode", nearest));
    }
    if (mode.equals("cubic")) {
      attrs.add(attr("cubic_coeff_a", seed == 11 ? -0.5f : -0.75f));
      attrs.add(attr("exclude_outside", seed == 10 ? 1L : 0L));
    }
    if (crop) {
      attrs.add(attr("extrapolation_value", (float) rnd.nextDouble(-2, 2)));
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, shape));
    String roiName = crop ? "roi" : "";
    if (crop) {
      b.initializer("roi", roi, roi.length);
    }
    if (useSizes) {
      b.initializerLongs("sizes", sizes, rank);
      String scalesName = "";
      if (seed % 2 == 1) { // exporters write empty scales (and roi) tensors for "absent"
        scalesName = "scales";
        b.initializer("scales", new float[0], 0);
        if (!crop) {
          roiName = "roi";
          b.initializer("roi", new float[0], 0);
        }
      }
      b.node("Resize", names("x", roiName, scalesName, "sizes"), names("y"), attrs.toArray(new AttributeProto[0]));
    } else {
      b.initializer("scales", scales, rank);
      b.node("Resize", names("x", roiName, "scales"), names("y"), attrs.toArray(new AttributeProto[0]));
    }
    check(b.untypedOutputs("y"), feeds);
  }

  /**
   * antialias=1 downsampling (filters stretched over up to ~2 / scale or 4 / scale inputs per axis),
   * with exclude_outside on even seeds, and one axis upsampled, where antialias changes nothing.
   */
  @ParameterizedTest(name = "{0} {1} seed {2}")
  @CsvSource({"linear, half_pixel, 1", "linear, asymmetric, 2", "cubic, half_pixel, 3", "cubic, pytorch_half_pixel, 4"})
  void antialias(String mode, String coord, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = {1, rnd.nextInt(1, 3), rnd.nextInt(6, 14), rnd.nextInt(3, 8)};
    float[] scales = {1f, 1f, (float) rnd.nextDouble(0.2, 0.8), (float) rnd.nextDouble(1.2, 2)};
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, shape));
    b.initializer("scales", scales, 4);
    b.node("Resize", names("x", "", "scales"), names("y"), attr("mode", mode),
        attr("coordinate_transformation_mode", coord), attr("antialias", 1L), attr("exclude_outside", 1 - seed % 2));
    check(b.untypedOutputs("y"), feeds);
  }

  /** Sizes for the last two axes only, with a keep_aspect_ratio_policy. */
  @ParameterizedTest
  @CsvSource({"linear, not_larger", "nearest, not_smaller"})
  void axesSubsetWithPolicy(String mode, String policy) {
    SplittableRandom rnd = new SplittableRandom(policy.hashCode());
    int[] shape = {2, rnd.nextInt(2, 6), rnd.nextInt(2, 6)};
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, shape));
    b.initializerLongs("sizes", new long[] {rnd.nextInt(1, 10), rnd.nextInt(1, 10)}, 2);
    b.node("Resize", names("x", "", "", "sizes"), names("y"), attr("mode", mode), attrInts("axes", 1, -1),
        attr("keep_aspect_ratio_policy", policy));
    check(b.untypedOutputs("y"), feeds);
  }
}
