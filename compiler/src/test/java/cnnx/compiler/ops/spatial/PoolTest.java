package cnnx.compiler.ops.spatial;

import static cnnx.compiler.ops.spatial.ConvTest.longs;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.TensorAssert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MaxPool (with Indices), AveragePool, LpPool and the global pools against ONNX Runtime on seeded
 * random shapes and attributes (tolerance: see {@link Harness}). Cases stay where ONNX Runtime
 * follows the specification: pads below the kernel, no dilation with SAME padding (its SAME pad
 * ignores dilation) or in LpPool (its LpPool ignores dilation), ceil_mode only with explicit pads
 * (it applies ceil_mode to VALID, the specification does not); see also {@link #viaExplicitPad}.
 */
class PoolTest {
  private record Case(String op, int n, int c, int[] in, int[] k, int[] s, int[] d, int[] pads,
      String autoPad, boolean ceil, boolean includePad, boolean indices, boolean columnMajor, long p) {

    static Case random(String op, long seed) {
      SplittableRandom rnd = new SplittableRandom(seed * 31 + op.hashCode());
      int r = (int) (seed % 3) + 1;
      boolean includePad = rnd.nextBoolean();
      // See viaExplicitPad: such cases are checked against Pad + AveragePool.
      boolean composite = op.equals("AveragePool") && includePad && r > 1;
      String autoPad = composite ? "NOTSET" : switch (rnd.nextInt(6)) {
        case 0 -> "VALID";
        case 1 -> "SAME_UPPER";
        case 2 -> "SAME_LOWER";
        default -> "NOTSET";
      };
      boolean same = autoPad.startsWith("SAME");
      boolean dilate = !same && !op.equals("LpPool");
      boolean ceil = autoPad.equals("NOTSET") && !composite && rnd.nextBoolean();
      int maxIn = r == 3 ? 7 : r == 2 ? 12 : 20;
      int[] in = new int[r];
      int[] k = new int[r];
      int[] s = new int[r];
      int[] d = new int[r];
      int[] pads = new int[2 * r];
      for (int i = 0; i < r; i++) {
        k[i] = rnd.nextInt(1, r == 3 ? 4 : 5);
        d[i] = dilate ? rnd.nextInt(1, 3) : 1;
        s[i] = rnd.nextInt(1, same ? k[i] + 1 : 4);
        if (autoPad.equals("NOTSET")) {
          pads[i] = rnd.nextInt(0, k[i]);
          pads[i + r] = rnd.nextInt(0, k[i]);
        }
        int extent = (k[i] - 1) * d[i] + 1;
        in[i] = Math.max(1, extent - pads[i] - pads[i + r]) + rnd.nextInt(0, Math.max(2, maxIn - extent + 2));
      }
      return new Case(op, rnd.nextInt(1, 3), rnd.nextInt(1, 5), in, k, s, d, pads, autoPad, ceil,
          includePad, rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextInt(1, 4));
    }

    int[] xShape() {
      int[] x = new int[in.length + 2];
      x[0] = n;
      x[1] = c;
      System.arraycopy(in, 0, x, 2, in.length);
      return x;
    }

    AttributeProto[] attrs() {
      List<AttributeProto> a = new ArrayList<>();
      a.add(attrInts("kernel_shape", longs(k)));
      a.add(attrInts("strides", longs(s)));
      if (!op.equals("LpPool")) {
        a.add(attrInts("dilations", longs(d)));
      }
      if (autoPad.equals("NOTSET")) {
        a.add(attrInts("pads", longs(pads)));
        a.add(attr("ceil_mode", ceil ? 1L : 0L));
      } else {
        a.add(attr("auto_pad", autoPad));
      }
      switch (op) {
        case "AveragePool" -> a.add(attr("count_include_pad", includePad ? 1L : 0L));
        case "MaxPool" -> a.add(attr("storage_order", columnMajor ? 1L : 0L));
        case "LpPool" -> a.add(attr("p", p));
        default -> { }
      }
      return a.toArray(AttributeProto[]::new);
    }

    @Override
    public String toString() {
      return op + " x" + Arrays.toString(xShape()) + " kernel " + Arrays.toString(k) + " strides "
          + Arrays.toString(s) + " dilations " + Arrays.toString(d) + " pads " + Arrays.toString(pads) + " "
          + autoPad + (ceil ? " ceil" : "") + switch (op) {
            case "AveragePool" -> includePad ? " count_include_pad" : "";
            case "MaxPool" -> indices ? " indices" + (columnMajor ? " column-major" : "") : "";
            default -> " p=" + p;
          };
    }
  }

  private static void check(String op, long seed) {
    Case cs = Case.random(op, seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", cs.xShape());
    boolean indices = op.equals("MaxPool") && cs.indices;
    b.node(op, names("x"), indices ? names("y", "i") : names("y"), cs.attrs());
    b.rankedOutput("y", cs.in.length + 2);
    if (indices) {
      b.rankedOutput("i", cs.in.length + 2, TensorProto.DataType.INT64_VALUE);
    }
    if (op.equals("AveragePool") && cs.includePad && cs.in.length > 1) {
      viaExplicitPad(cs, b, x, "seed " + seed + ": " + cs);
    } else {
      Harness.compare(b, Map.of("x", x), "seed " + seed + ": " + cs);
    }
  }

  /**
   * ONNX Runtime's 2-D and 3-D AveragePool with count_include_pad clips the first axis' windows at
   * the wrong pad, so the oracle there is Pad (zeros) followed by an unpadded AveragePool, which
   * averages over exactly the taps inside the padded input.
   */
  private static void viaExplicitPad(Case cs, OnnxModelBuilder direct, Tensor x, String what) {
    int r = cs.in.length;
    long[] padAll = new long[2 * (r + 2)];
    for (int i = 0; i < r; i++) {
      padAll[2 + i] = cs.pads[i];
      padAll[r + 4 + i] = cs.pads[i + r];
    }
    OnnxModelBuilder oracle = Harness.model().input("x", dims(cs.xShape()))
        .initializerLongs("pads", padAll, padAll.length)
        .node("Pad", names("x", "pads"), names("padded"))
        .node("AveragePool", names("padded"), names("y"), attrInts("kernel_shape", longs(cs.k)),
            attrInts("strides", longs(cs.s)), attrInts("dilations", longs(cs.d)));
    oracle.rankedOutput("y", r + 2);
    Tensor expected = OrtOracle.run(oracle.toBytes(), Map.of("x", x)).get("y");
    Tensor actual = Harness.run(direct.toBytes(), Map.of("x", x), what).get("y");
    TensorAssert.assertClose(expected, actual, Harness.RTOL, Harness.ATOL, what);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
  void randomMaxPoolMatchesOrt(long seed) {
    check("MaxPool", seed);
  }

  /**
   * MaxPool-12 on int8 and uint8 tensors, with Indices when the case asks for them. Values span the
   * type but its lowest one: ONNX Runtime starts each window from that value with a strict compare,
   * so a window whose maximum is the lowest value gets index -1 there, not the tap's index.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomIntegerMaxPoolMatchesOrt(long seed) {
    Case cs = Case.random("MaxPool", seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean signed = seed % 2 == 0;
    DataType t = signed ? DataType.INT8 : DataType.UINT8;
    OnnxModelBuilder b = Harness.model().typedInput("x", t.onnxCode(), dims(cs.xShape()));
    Tensor x = RandomTensors.ints(rnd, t, signed ? -127 : 1, signed ? 127 : 255, cs.xShape());
    b.node("MaxPool", names("x"), cs.indices ? names("y", "i") : names("y"), cs.attrs());
    b.rankedOutput("y", cs.in.length + 2, t.onnxCode());
    if (cs.indices) {
      b.rankedOutput("i", cs.in.length + 2, TensorProto.DataType.INT64_VALUE);
    }
    Harness.compare(b, Map.of("x", x), "seed " + seed + ": " + t + " " + cs);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
  void randomAveragePoolMatchesOrt(long seed) {
    check("AveragePool", seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomLpPoolMatchesOrt(long seed) {
    check("LpPool", seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void globalPoolsMatchOrt(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int r = (int) (seed % 3) + 1;
    int[] shape = new int[r + 2];
    shape[0] = rnd.nextInt(1, 3);
    shape[1] = rnd.nextInt(1, 6);
    for (int i = 2; i < shape.length; i++) {
      shape[i] = rnd.nextInt(1, r == 3 ? 6 : 12);
    }
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", shape);
    b.node("GlobalAveragePool", names("x"), names("avg"));
    b.node("GlobalMaxPool", names("x"), names("max"));
    b.rankedOutput("avg", r + 2);
    b.rankedOutput("max", r + 2);
    Harness.compare(b, Map.of("x", x), "global pools on " + Arrays.toString(shape));
  }
}
