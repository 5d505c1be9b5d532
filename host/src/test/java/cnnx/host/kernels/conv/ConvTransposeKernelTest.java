package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.testing.OpenClHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ConvTranspose gather template against the reference interpreter on seeded random shapes and
 * attributes: explicit pads, output_shape and SAME_* (odd padding totals included, split as the
 * ONNX specification says), output_padding, dilation with stride, groups. Tolerance: {@link Models}.
 */
class ConvTransposeKernelTest {
  private static void check(int n, int c, int mg, int group, int[] in, int[] k, int[] bias, List<AttributeProto> attrs,
      long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 104729);
    OnnxModelBuilder b = Models.model();
    int r = in.length;
    int[] xs = new int[r + 2];
    int[] ws = new int[r + 2];
    xs[0] = n;
    xs[1] = c;
    ws[0] = c;
    ws[1] = mg;
    for (int i = 0; i < r; i++) {
      xs[i + 2] = in[i];
      ws[i + 2] = k[i];
    }
    Tensor x = Models.input(b, rnd, "x", xs);
    Models.weight(b, rnd, "w", ws);
    List<String> inputs = names("x", "w");
    if (bias != null) {
      Models.weight(b, rnd, "b", bias);
      inputs.add("b");
    }
    b.node("ConvTranspose", inputs, names("y"), attrs.toArray(AttributeProto[]::new)).output("y");
    OpenClHarness.assertMatchesReference(b.toBytes(), Map.of("x", x), Models.RTOL, Models.ATOL);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomConvTransposeMatchesReference(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int r = (int) (seed % 3) + 1;
    int mode = rnd.nextInt(4);
    int group = mode == 1 ? rnd.nextInt(2, 4) : mode == 2 ? rnd.nextInt(2, 6) : 1;
    int cg = mode == 2 ? 1 : rnd.nextInt(1, 5);
    int mg = mode == 2 ? 1 : mode == 3 ? rnd.nextInt(5, 21) : rnd.nextInt(1, 5);
    int variant = rnd.nextInt(4); // 0, 1: explicit pads; 2: output_shape; 3: SAME_*
    int maxIn = r == 3 ? 4 : r == 2 ? 8 : 12;
    int[] in = new int[r];
    int[] k = new int[r];
    long[] s = new long[r];
    long[] d = new long[r];
    long[] op = new long[r];
    long[] pads = new long[2 * r];
    long[] outShape = new long[r];
    for (int i = 0; i < r; i++) {
      while (true) {
        in[i] = rnd.nextInt(1, maxIn + 1);
        k[i] = rnd.nextInt(1, r == 3 ? 4 : 6);
        s[i] = rnd.nextInt(1, 4);
        d[i] = rnd.nextInt(1, 3);
        op[i] = rnd.nextInt(0, (int) Math.max(s[i], d[i]));
        long full = s[i] * (in[i] - 1) + op[i] + (k[i] - 1) * d[i] + 1;
        if (variant < 2) {
          pads[i] = rnd.nextInt(0, k[i]);
          pads[i + r] = rnd.nextInt(0, k[i]);
          if (full - pads[i] - pads[i + r] >= 1) {
            break;
          }
        } else if (variant == 2) {
          outShape[i] = full - rnd.nextInt(0, 4);
          if (outShape[i] >= 1) {
            break;
          }
        } else if (full >= in[i] * s[i]) {
          break;
        }
      }
    }
    List<AttributeProto> a = new ArrayList<>();
    a.add(attrInts("strides", s));
    a.add(attrInts("dilations", d));
    a.add(attrInts("output_padding", op));
    a.add(attr("group", (long) group));
    if (variant == 3) {
      a.add(attr("auto_pad", rnd.nextBoolean() ? "SAME_UPPER" : "SAME_LOWER"));
    } else if (variant == 2) {
      a.add(attrInts("output_shape", outShape));
    } else {
      a.add(attrInts("pads", pads));
    }
    int[] bias = rnd.nextBoolean() ? new int[] {mg * group} : null;
    check(rnd.nextInt(1, 3), cg * group, mg, group, in, k, bias, a, seed);
  }

  /**
   * output_shape beyond the full transposed output by less than the stride: the extra elements at
   * the end get the bias only (the layout of ONNX's test_convtranspose_output_shape), 1-D to 3-D.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void outputShapeBeyondTheFullOutput(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed + 500);
    int r = (int) seed;
    int[] in = new int[r];
    int[] k = new int[r];
    long[] s = new long[r];
    long[] outShape = new long[r];
    for (int i = 0; i < r; i++) {
      in[i] = rnd.nextInt(1, 5);
      k[i] = rnd.nextInt(1, 4);
      s[i] = rnd.nextInt(2, 4);
      outShape[i] = s[i] * (in[i] - 1) + k[i] + rnd.nextLong(1, s[i]);
    }
    List<AttributeProto> a = new ArrayList<>();
    a.add(attrInts("strides", s));
    a.add(attrInts("output_shape", outShape));
    check(1, 2, 3, 1, in, k, new int[] {3}, a, seed);
  }

  /** The FCN-style 2x upsampling: 4x4 kernel, stride 2, pad 1, to 16 and to 32 channels (1 and 2 vectors). */
  @Test
  void upsampleByTwo() {
    List<AttributeProto> a = new ArrayList<>();
    a.add(attrInts("strides", 2, 2));
    a.add(attrInts("pads", 1, 1, 1, 1));
    check(1, 16, 16, 1, new int[] {7, 9}, new int[] {4, 4}, new int[] {16}, a, 77);
    check(1, 8, 32, 1, new int[] {7, 9}, new int[] {4, 4}, new int[] {32}, a, 78);
  }
}
