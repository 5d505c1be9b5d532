package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.InferredTypes;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conv against ONNX Runtime on seeded random shapes and attributes (tolerance: see {@link Harness}). */
class ConvTest {
  /** A random Conv configuration; {@code seed % 3} picks 1-D, 2-D or 3-D. */
  private record Case(int n, int c, int m, int group, int[] in, int[] k, int[] s, int[] d, int[] pads,
      String autoPad, boolean kernelAttr, boolean bias) {

    static Case random(long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int r = (int) (seed % 3) + 1;
      int mode = rnd.nextInt(4);
      // Modes: plain (twice as likely), grouped, depthwise (one input channel per group).
      int group = mode < 2 ? 1 : mode == 2 ? rnd.nextInt(2, 4) : rnd.nextInt(2, 7);
      int cg = mode == 3 ? 1 : rnd.nextInt(1, 4);
      int c = cg * group;
      int m = group * rnd.nextInt(1, 4);
      String autoPad = switch (rnd.nextInt(6)) {
        case 0 -> "VALID";
        case 1 -> "SAME_UPPER";
        case 2 -> "SAME_LOWER";
        default -> "NOTSET";
      };
      boolean same = autoPad.startsWith("SAME");
      int maxIn = r == 3 ? 6 : r == 2 ? 11 : 17;
      int[] in = new int[r];
      int[] k = new int[r];
      int[] s = new int[r];
      int[] d = new int[r];
      int[] pads = new int[2 * r];
      for (int i = 0; i < r; i++) {
        k[i] = rnd.nextInt(1, r == 3 ? 3 : 5);
        // ONNX Runtime takes no dilation with SAME padding and pads SAME oddly when stride > kernel.
        d[i] = same ? 1 : rnd.nextInt(1, 3);
        s[i] = rnd.nextInt(1, same ? k[i] + 1 : 4);
        if (autoPad.equals("NOTSET")) {
          pads[i] = rnd.nextInt(0, k[i]);
          pads[i + r] = rnd.nextInt(0, k[i]);
        }
        int extent = (k[i] - 1) * d[i] + 1;
        in[i] = Math.max(1, extent - pads[i] - pads[i + r]) + rnd.nextInt(0, maxIn - extent + 2);
      }
      return new Case(rnd.nextInt(1, 3), c, m, group, in, k, s, d, pads, autoPad, rnd.nextBoolean(),
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
      w[0] = m;
      w[1] = c / group;
      System.arraycopy(k, 0, w, 2, k.length);
      return w;
    }

    List<AttributeProto> attrs() {
      List<AttributeProto> a = new ArrayList<>();
      a.add(attrInts("strides", longs(s)));
      a.add(attrInts("dilations", longs(d)));
      a.add(attr("group", (long) group));
      if (autoPad.equals("NOTSET")) {
        a.add(attrInts("pads", longs(pads)));
      } else {
        a.add(attr("auto_pad", autoPad));
      }
      if (kernelAttr) {
        a.add(attrInts("kernel_shape", longs(k)));
      }
      return a;
    }

    @Override
    public String toString() {
      return "Conv x" + Arrays.toString(xShape()) + " w" + Arrays.toString(wShape()) + " group " + group
          + " strides " + Arrays.toString(s) + " dilations " + Arrays.toString(d) + " pads "
          + Arrays.toString(pads) + " " + autoPad + (bias ? " +bias" : "");
    }
  }

  static long[] longs(int[] v) {
    return Arrays.stream(v).asLongStream().toArray();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
  void randomConvMatchesOrt(long seed) {
    Case cs = Case.random(seed);
    SplittableRandom rnd = new SplittableRandom(seed * 7919);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", cs.xShape());
    Harness.weight(b, rnd, "w", cs.wShape());
    List<String> in = names("x", "w");
    if (cs.bias) {
      Harness.weight(b, rnd, "b", cs.m);
      in.add("b");
    }
    b.node("Conv", in, names("y"), cs.attrs().toArray(AttributeProto[]::new));
    b.rankedOutput("y", cs.in.length + 2);
    Harness.compare(b, Map.of("x", x), "seed " + seed + ": " + cs);
  }

  @Test
  void depthwiseStridedWithAsymmetricPads() {
    SplittableRandom rnd = new SplittableRandom(42);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", 2, 6, 9, 7);
    Harness.weight(b, rnd, "w", 6, 1, 3, 3);
    Harness.weight(b, rnd, "b", 6);
    b.node("Conv", names("x", "w", "b"), names("y"), attr("group", 6L), attrInts("strides", 2, 2),
        attrInts("pads", 0, 1, 2, 1), attrInts("dilations", 1, 2));
    b.rankedOutput("y", 4);
    Harness.compare(b, Map.of("x", x), "depthwise");
  }

  /** SAME padding with dilation (which ONNX Runtime rejects) equals the explicit spec padding. */
  @ParameterizedTest
  @ValueSource(strings = {"SAME_UPPER", "SAME_LOWER"})
  void sameWithDilationEqualsExplicitPads(String autoPad) {
    SplittableRandom rnd = new SplittableRandom(5);
    Tensor x = RandomTensors.normal(rnd, 1, 2, 10);
    Tensor w = RandomTensors.normal(rnd, 3, 2, 3);
    OnnxModelBuilder auto = Harness.model().input("x", 1L, 2L, 10L).initializer("w", w.floats(), 3, 2, 3)
        .node("Conv", names("x", "w"), names("y"), attr("auto_pad", autoPad), attrInts("strides", 2),
            attrInts("dilations", 2));
    auto.rankedOutput("y", 3);
    // out = ceil(10/2) = 5; total pad = (5-1)*2 + 5 - 10 = 3: UPPER puts 1 before, LOWER 2.
    long before = autoPad.equals("SAME_UPPER") ? 1 : 2;
    OnnxModelBuilder explicit = Harness.model().input("x", 1L, 2L, 10L).initializer("w", w.floats(), 3, 2, 3)
        .node("Conv", names("x", "w"), names("y"), attrInts("pads", before, 3 - before),
            attrInts("strides", 2), attrInts("dilations", 2));
    explicit.rankedOutput("y", 3);
    Tensor expected = OrtOracle.run(explicit.toBytes(), Map.of("x", x)).get("y");
    Tensor actual = Harness.run(auto.toBytes(), Map.of("x", x), autoPad).get("y");
    TensorAssert.assertClose(expected, actual, Harness.RTOL, Harness.ATOL, autoPad);
  }

  @Test
  void symbolicBatchPropagates() {
    OnnxModelBuilder b = Harness.model().input("x", -1L, 4L, 8L, 8L)
        .initializer("w", new float[8 * 4 * 9], 8, 4, 3, 3)
        .node("Conv", names("x", "w"), names("y"), attrInts("strides", 2, 2), attrInts("pads", 1, 1, 1, 1));
    b.rankedOutput("y", 4);
    var g = new OnnxImporter().load(b.toBytes(), "sym");
    TensorType y = InferredTypes.infer(g).get("y");
    assertEquals(List.of(Dim.symbol("N"), Dim.of(8), Dim.of(4), Dim.of(4)), y.dims());
  }

  @Test
  void unknownSpatialDimsStayUnknown() {
    OnnxModelBuilder b = Harness.model();
    b.graph().addInput(OnnxModelBuilder.valueInfo("x", 1, 1, 4, 8, 8));
    b.initializer("w", new float[8 * 4 * 9], 8, 4, 3, 3)
        .node("Conv", names("x", "w"), names("y"));
    b.rankedOutput("y", 4);
    var g = new OnnxImporter().load(b.toBytes(), "unknown");
    TensorType x = new TensorType(DataType.FLOAT, List.of(Dim.of(1), Dim.of(4), Dim.unknown(), Dim.of(8)));
    TensorType y = InferredTypes.infer(InferredTypes.withInputType(g, "x", x)).get("y");
    assertEquals(List.of(Dim.of(1), Dim.of(8), Dim.unknown(), Dim.of(6)), y.dims());
  }
}
