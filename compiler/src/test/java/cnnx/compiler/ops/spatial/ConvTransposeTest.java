package cnnx.compiler.ops.spatial;

import static cnnx.compiler.ops.spatial.ConvTest.longs;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ConvTranspose against ONNX Runtime on seeded random shapes and attributes (tolerance: see
 * {@link Harness}). ONNX Runtime splits an odd implicit padding (output_shape, SAME_*) the other
 * way round from the ONNX specification, so random cases keep that total even and the odd split is
 * checked against explicit pads instead; likewise an output_padding at or above the stride (but
 * below the dilation), which ONNX Runtime computes wrongly.
 */
class ConvTransposeTest {
  private record Case(int n, int c, int mg, int group, int[] in, int[] k, int[] s, int[] d, int[] pads,
      int[] outputPadding, int[] outputShape, String autoPad, boolean bias) {

    static Case random(long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int r = (int) (seed % 3) + 1;
      int mode = rnd.nextInt(4);
      int group = mode < 2 ? 1 : mode == 2 ? rnd.nextInt(2, 4) : rnd.nextInt(2, 6);
      int cg = mode == 3 ? 1 : rnd.nextInt(1, 4);
      int mg = mode == 3 ? 1 : rnd.nextInt(1, 4);
      int variant = rnd.nextInt(4); // 0, 1: explicit pads; 2: output_shape; 3: SAME_*
      String autoPad = variant == 3 ? (rnd.nextBoolean() ? "SAME_UPPER" : "SAME_LOWER") : "NOTSET";
      int maxIn = r == 3 ? 4 : r == 2 ? 7 : 10;
      int[] in = new int[r];
      int[] k = new int[r];
      int[] s = new int[r];
      int[] d = new int[r];
      int[] pads = new int[2 * r];
      int[] op = new int[r];
      int[] outShape = variant == 2 ? new int[r] : null;
      for (int i = 0; i < r; i++) {
        in[i] = rnd.nextInt(1, maxIn + 1);
        while (true) {
          k[i] = rnd.nextInt(1, r == 3 ? 3 : 5);
          s[i] = rnd.nextInt(1, 4);
          d[i] = rnd.nextInt(1, 3);
          // ONNX Runtime mis-sizes its column buffer when output_padding >= stride (see below).
          op[i] = rnd.nextInt(0, s[i]);
          int full = s[i] * (in[i] - 1) + op[i] + (k[i] - 1) * d[i] + 1;
          if (variant < 2) {
            pads[i] = rnd.nextInt(0, k[i]);
            pads[i + r] = rnd.nextInt(0, k[i]);
            if (full - pads[i] - pads[i + r] >= 1) {
              break;
            }
          } else if (variant == 2) {
            int total = 2 * rnd.nextInt(0, 3);
            if (full - total >= 1) {
              outShape[i] = full - total;
              break;
            }
          } else {
            int total = full - in[i] * s[i];
            if (total >= 0 && total % 2 == 0) {
              break;
            }
          }
        }
      }
      return new Case(rnd.nextInt(1, 3), cg * group, mg, group, in, k, s, d, pads, op, outShape, autoPad,
          rnd.nextBoolean());
    }

    int[] xShape() {
      int[] x = new int[in.length + 2];
      x[0] = n;
      x[1] = c;
      System.arraycopy(in, 0, x, 2, in.length);
      return x;
    }

    int[] wShape() {
      int[] w = new int[k.length + 2];
      w[0] = c;
      w[1] = mg;
      System.arraycopy(k, 0, w, 2, k.length);
      return w;
    }

    List<AttributeProto> attrs() {
      List<AttributeProto> a = new ArrayList<>();
      a.add(attrInts("strides", longs(s)));
      a.add(attrInts("dilations", longs(d)));
      a.add(attrInts("output_padding", longs(outputPadding)));
      a.add(attr("group", (long) group));
      if (!autoPad.equals("NOTSET")) {
        a.add(attr("auto_pad", autoPad));
      } else if (outputShape != null) {
        a.add(attrInts("output_shape", longs(outputShape)));
      } else {
        a.add(attrInts("pads", longs(pads)));
      }
      return a;
    }

    @Override
    public String toString() {
      return "ConvTranspose x" + Arrays.toString(xShape()) + " w" + Arrays.toString(wShape()) + " group "
          + group + " strides " + Arrays.toString(s) + " dilations " + Arrays.toString(d) + " pads "
          + Arrays.toString(pads) + " output_padding " + Arrays.toString(outputPadding) + " output_shape "
          + Arrays.toString(outputShape) + " " + autoPad + (bias ? " +bias" : "");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
  void randomConvTransposeMatchesOrt(long seed) {
    Case cs = Case.random(seed);
    SplittableRandom rnd = new SplittableRandom(seed * 104729);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", cs.xShape());
    Harness.weight(b, rnd, "w", cs.wShape());
    List<String> in = names("x", "w");
    if (cs.bias) {
      Harness.weight(b, rnd, "b", cs.mg * cs.group);
      in.add("b");
    }
    b.node("ConvTranspose", in, names("y"), cs.attrs().toArray(AttributeProto[]::new));
    b.rankedOutput("y", cs.in.length + 2);
    Harness.compare(b, Map.of("x", x), "seed " + seed + ": " + cs);
  }

  /**
   * An output_shape larger than the full transposed output by less than the stride (no input size
   * gives it otherwise) appends output elements at the end, which no input reaches (bias only), as
   * ONNX Runtime and ONNX's node test test_convtranspose_output_shape do; random shapes, 1 to 3
   * spatial dims, against ONNX Runtime.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void outputShapeBeyondTheFullOutputAppends(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 101);
    int r = (int) (seed % 3) + 1;
    int[] x = new int[r + 2];
    int[] w = new int[r + 2];
    long[] strides = new long[r];
    long[] outputShape = new long[r];
    x[0] = rnd.nextInt(1, 3);
    x[1] = rnd.nextInt(1, 4);
    w[0] = x[1];
    w[1] = rnd.nextInt(1, 4);
    for (int i = 0; i < r; i++) {
      x[i + 2] = rnd.nextInt(1, r == 3 ? 4 : 7);
      w[i + 2] = rnd.nextInt(1, 4);
      strides[i] = rnd.nextInt(2, 5);
      long full = strides[i] * (x[i + 2] - 1) + w[i + 2];
      outputShape[i] = full + rnd.nextLong(i == 0 ? 1 : 0, strides[i]);
    }
    OnnxModelBuilder b = Harness.model().input("x", dims(x));
    Harness.weight(b, rnd, "w", w);
    Harness.weight(b, rnd, "bias", w[1]);
    b.node("ConvTranspose", names("x", "w", "bias"), names("y"), attrInts("strides", strides),
        attrInts("output_shape", outputShape));
    b.rankedOutput("y", r + 2);
    Harness.compare(b, Map.of("x", RandomTensors.normal(rnd, x)), "seed " + seed + ": x " + Arrays.toString(x)
        + " w " + Arrays.toString(w) + " strides " + Arrays.toString(strides) + " output_shape "
        + Arrays.toString(outputShape));
  }

  /**
   * An odd implicit padding is split as the ONNX specification says: the extra pad goes at the
   * end for SAME_UPPER and at the beginning for SAME_LOWER and for output_shape. Checked against
   * ONNX Runtime running the same op with those pads made explicit.
   */
  @ParameterizedTest
  @CsvSource({"SAME_UPPER, 1, 2", "SAME_LOWER, 2, 1", "NOTSET, 2, 1"})
  void oddImplicitPaddingFollowsSpec(String autoPad, long before, long after) {
    SplittableRandom rnd = new SplittableRandom(11);
    Tensor x = RandomTensors.normal(rnd, 1, 2, 4, 3);
    Tensor w = RandomTensors.normal(rnd, 2, 3, 3, 3);
    // Along both axes: stride 2, kernel 3, dilation 2: full = 2*(in-1) + 5, SAME target 2*in, total 3.
    AttributeProto implicit = autoPad.equals("NOTSET") ? attrInts("output_shape", 8, 6) : attr("auto_pad", autoPad);
    OnnxModelBuilder auto = Harness.model().input("x", 1L, 2L, 4L, 3L).initializer("w", w.floats(), 2, 3, 3, 3)
        .node("ConvTranspose", names("x", "w"), names("y"), implicit, attrInts("strides", 2, 2),
            attrInts("dilations", 2, 2));
    auto.rankedOutput("y", 4);
    OnnxModelBuilder explicit = Harness.model().input("x", 1L, 2L, 4L, 3L).initializer("w", w.floats(), 2, 3, 3, 3)
        .node("ConvTranspose", names("x", "w"), names("y"), attrInts("pads", before, before, after, after),
            attrInts("strides", 2, 2), attrInts("dilations", 2, 2));
    explicit.rankedOutput("y", 4);
    Tensor expected = OrtOracle.run(explicit.toBytes(), Map.of("x", x)).get("y");
    Tensor actual = Harness.run(auto.toBytes(), Map.of("x", x), autoPad).get("y");
    TensorAssert.assertClose(expected, actual, Harness.RTOL, Harness.ATOL, autoPad);
  }

  /**
   * output_padding only appends output elements: with stride 1 and dilation 2, output_padding 1
   * and end pad 2 give the same output as output_padding 0 and end pad 1.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void outputPaddingBelowDilationOnlyAppends(int group) {
    SplittableRandom rnd = new SplittableRandom(23 + group);
    Tensor x = RandomTensors.normal(rnd, 1, 2 * group, 3, 5);
    Tensor w = RandomTensors.normal(rnd, 2 * group, 2, 3, 2);
    Tensor bias = RandomTensors.normal(rnd, 2 * group);
    OnnxModelBuilder adjusted = Harness.model().input("x", 1L, 2L * group, 3L, 5L)
        .initializer("w", w.floats(), 2L * group, 2, 3, 2).initializer("b", bias.floats(), 2L * group)
        .node("ConvTranspose", names("x", "w", "b"), names("y"), attr("group", (long) group),
            attrInts("dilations", 2, 2), attrInts("output_padding", 1, 1), attrInts("pads", 0, 1, 2, 2));
    adjusted.rankedOutput("y", 4);
    OnnxModelBuilder padded = Harness.model().input("x", 1L, 2L * group, 3L, 5L)
        .initializer("w", w.floats(), 2L * group, 2, 3, 2).initializer("b", bias.floats(), 2L * group)
        .node("ConvTranspose", names("x", "w", "b"), names("y"), attr("group", (long) group),
            attrInts("dilations", 2, 2), attrInts("pads", 0, 1, 1, 1));
    padded.rankedOutput("y", 4);
    Tensor expected = OrtOracle.run(padded.toBytes(), Map.of("x", x)).get("y");
    Tensor actual = Harness.run(adjusted.toBytes(), Map.of("x", x), "output_padding").get("y");
    TensorAssert.assertClose(expected, actual, Harness.RTOL, Harness.ATOL, "output_padding");
  }
}
