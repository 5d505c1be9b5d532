package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.Launch;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The row-vectorised Resize (layout/resize_rows.cl) on the up-sampling of segmentation and detection nets: 2x and
 * 4x nearest and bilinear in the usual coordinate modes, rows shorter than, equal to and longer than a vector with a
 * remainder, batch and channels, against the reference (fused and unfused); and which resizes it takes.
 */
class ResizeRowsKernelTest {
  @ParameterizedTest(name = "{0} {1} x{2} {3}x{4}x{5}x{6}")
  @CsvSource({
    "nearest, asymmetric, 2, 1, 16, 32, 32",
    "nearest, half_pixel, 2, 2, 3, 5, 13",
    "linear, half_pixel, 2, 1, 16, 32, 32",
    "linear, align_corners, 2, 2, 4, 7, 9",
    "linear, pytorch_half_pixel, 4, 1, 3, 6, 5",
    "linear, asymmetric, 2, 1, 2, 3, 4",
    "cubic, half_pixel, 2, 1, 2, 9, 11",
  })
  void upsamplingUsesTheRowKernel(String mode, String coord, int scale, int n, int c, int h, int w) {
    SplittableRandom rnd = new SplittableRandom(n * 1000L + c * 100 + h * 10 + w);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, n, c, h, w));
    b.initializer("scales", new float[] {1, 1, scale, scale}, 4);
    b.node("Resize", names("x", "", "scales"), names("y"), attr("mode", mode),
        attr("coordinate_transformation_mode", coord));
    check(b.untypedOutputs("y"), feeds);
    assertEquals(List.of("resize_rows"), families(b, feeds));
  }

  /** Down-sampling to sizes that are not a whole ratio of the input, with antialias (many taps per output). */
  @Test
  void antialiasedDownsamplingToUnevenSizes() {
    SplittableRandom rnd = new SplittableRandom(4);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, 1, 2, 23, 41));
    b.initializerLongs("sizes", new long[] {1, 2, 7, 12}, 4);
    b.node("Resize", names("x", "", "", "sizes"), names("y"), attr("mode", "linear"), attr("antialias", 1L));
    check(b.untypedOutputs("y"), feeds);
    assertEquals(List.of("resize_rows"), families(b, feeds));
  }

  /** Resized channels and crop-and-resize outputs outside the roi stay with the element kernel. */
  @Test
  void channelResizesAndExtrapolationKeepTheElementKernel() {
    SplittableRandom rnd = new SplittableRandom(5);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, 1, 2, 4, 5));
    b.initializer("scales", new float[] {1, 2, 2, 2}, 4);
    b.node("Resize", names("x", "", "scales"), names("y"), attr("mode", "nearest"));
    check(b.untypedOutputs("y"), feeds);
    assertEquals(List.of("resize"), families(b, feeds));

    OnnxModelBuilder c = model();
    Map<String, Tensor> f2 = feed(c, TensorKernelChecks.feeds(), "x", data(rnd, false, 1, 2, 4, 5));
    c.initializer("roi", new float[] {0, 0, -0.5f, -0.5f, 1, 1, 1.5f, 1.5f}, 8);
    c.initializer("scales", new float[] {1, 1, 2, 2}, 4);
    c.node("Resize", names("x", "roi", "scales"), names("y"), attr("mode", "linear"),
        attr("coordinate_transformation_mode", "tf_crop_and_resize"), attr("extrapolation_value", 7f));
    check(c.untypedOutputs("y"), f2);
    assertEquals(List.of("resize"), families(c, f2));
  }

  private static List<String> families(OnnxModelBuilder b, Map<String, Tensor> feeds) {
    Map<String, int[]> shapes = new TreeMap<>();
    feeds.forEach((k, v) -> shapes.put(k, v.shape()));
    List<Launch> ls = new Compiler().compile(new OnnxImporter().load(b.toBytes(), "model.onnx"),
        Compiler.Options.defaults().withInputShapes(shapes)).plan().launches();
    return ls.stream().map(l -> l.kernelName().substring(0, l.kernelName().lastIndexOf('_'))).toList();
  }
}
