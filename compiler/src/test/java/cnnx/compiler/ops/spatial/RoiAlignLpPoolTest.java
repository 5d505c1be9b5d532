package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GlobalLpPool (p = 1, 2, 3) and RoiAlign (avg and max, both coordinate modes, fixed and adaptive
 * sampling, regions reaching outside the image) against ONNX Runtime on seeded random shapes.
 */
class RoiAlignLpPoolTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void globalLpPoolMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] s = {rnd.nextInt(1, 3), rnd.nextInt(1, 5), rnd.nextInt(1, 7), rnd.nextInt(1, 7)};
    long p = 1 + seed % 3;
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", s);
    b.node("GlobalLpPool", names("x"), names("y"), attr("p", p)).rankedOutput("y", 4);
    Harness.compare(b, Map.of("x", x), "GlobalLpPool " + Arrays.toString(s) + " p " + p);
  }

  /** Random regions, some reaching past the image (x1 < 0, x2 > W), in input pixels. */
  static float[] rois(SplittableRandom rnd, int count, int h, int w) {
    float[] r = new float[count * 4];
    for (int i = 0; i < count; i++) {
      float x1 = (float) rnd.nextDouble(-2, w - 1);
      float y1 = (float) rnd.nextDouble(-2, h - 1);
      r[i * 4] = x1;
      r[i * 4 + 1] = y1;
      r[i * 4 + 2] = x1 + (float) rnd.nextDouble(0.2, w);
      r[i * 4 + 3] = y1 + (float) rnd.nextDouble(0.2, h);
    }
    return r;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void roiAlignMatchesOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = rnd.nextInt(1, 3);
    int c = rnd.nextInt(1, 4);
    int h = rnd.nextInt(3, 12);
    int w = rnd.nextInt(3, 12);
    int count = rnd.nextInt(1, 5);
    String mode = seed % 2 == 0 ? "max" : "avg";
    String ct = seed % 4 < 2 ? "half_pixel" : "output_half_pixel";
    long sampling = seed % 3 == 0 ? 0 : rnd.nextInt(1, 4);
    float scale = seed > 4 ? 0.5f : 1f;
    long oh = rnd.nextInt(1, 5);
    long ow = rnd.nextInt(1, 5);
    long[] batch = new long[count];
    for (int i = 0; i < count; i++) {
      batch[i] = rnd.nextInt(n);
    }
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", n, c, h, w);
    b.input("rois", count, 4).typedInput("batch", TensorProto.DataType.INT64_VALUE, count);
    b.node("RoiAlign", names("x", "rois", "batch"), names("y"), attr("mode", mode),
        attr("coordinate_transformation_mode", ct), attr("sampling_ratio", sampling), attr("spatial_scale", scale),
        attr("output_height", oh), attr("output_width", ow));
    b.rankedOutput("y", 4);
    float[] r = rois(rnd, count, (int) (h / scale), (int) (w / scale));
    Harness.compare(b, Map.of("x", x, "rois", Tensor.ofFloats(new int[] {count, 4}, r),
        "batch", Tensor.ofLongs(new int[] {count}, batch)), "RoiAlign " + mode + " " + ct + " sampling " + sampling
        + " " + Arrays.toString(new int[] {n, c, h, w}) + " out " + oh + "x" + ow);
  }
}
