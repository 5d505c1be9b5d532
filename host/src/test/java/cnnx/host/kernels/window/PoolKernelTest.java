package cnnx.host.kernels.window;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MaxPool (with Indices, both storage orders), AveragePool, LpPool and the global pools on the
 * OpenCL device against the reference interpreter, over seeded random 1-D, 2-D and 3-D windows:
 * auto_pad modes, asymmetric pads, dilations, overlapping windows, ceil_mode. Tolerances: see
 * {@link WindowModels}.
 */
class PoolKernelTest {
  private record Case(String op, int[] x, int[] k, int[] s, int[] d, int[] pads, String autoPad,
      boolean ceil, boolean includePad, boolean indices, boolean columnMajor, long p) {

    static Case random(String op, long seed) {
      SplittableRandom rnd = new SplittableRandom(seed * 1009 + op.hashCode());
      int r = (int) (seed % 3) + 1;
      String autoPad = switch (rnd.nextInt(5)) {
        case 0 -> "VALID";
        case 1 -> "SAME_UPPER";
        case 2 -> "SAME_LOWER";
        default -> "NOTSET";
      };
      int[] x = new int[r + 2];
      x[0] = rnd.nextInt(1, 3);
      x[1] = rnd.nextInt(1, 4);
      int[] k = new int[r];
      int[] s = new int[r];
      int[] d = new int[r];
      int[] pads = new int[2 * r];
      for (int i = 0; i < r; i++) {
        k[i] = rnd.nextInt(1, r == 3 ? 3 : 4);
        d[i] = rnd.nextInt(1, 3);
        s[i] = rnd.nextInt(1, 4);
        int extent = (k[i] - 1) * d[i] + 1;
        if (autoPad.equals("NOTSET")) {
          pads[i] = rnd.nextInt(0, extent);
          pads[i + r] = rnd.nextInt(0, extent);
        }
        x[i + 2] = Math.max(1, extent - pads[i] - pads[i + r]) + rnd.nextInt(0, r == 3 ? 4 : 8);
      }
      return new Case(op, x, k, s, d, pads, autoPad, rnd.nextBoolean(), seed % 2 == 0, seed % 2 == 1,
          seed % 4 == 3, seed % 4 + 1);
    }

    AttributeProto[] attrs() {
      List<AttributeProto> a = new ArrayList<>();
      a.add(attrInts("kernel_shape", dims(k)));
      a.add(attrInts("strides", dims(s)));
      a.add(attrInts("dilations", dims(d)));
      a.add(attr("ceil_mode", ceil ? 1L : 0L));
      if (autoPad.equals("NOTSET")) {
        a.add(attrInts("pads", dims(pads)));
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

    boolean wantsIndices() {
      return op.equals("MaxPool") && indices;
    }

    @Override
    public String toString() {
      return op + " x" + Arrays.toString(x) + " kernel " + Arrays.toString(k) + " strides " + Arrays.toString(s)
          + " dilations " + Arrays.toString(d) + " pads " + Arrays.toString(pads) + " " + autoPad
          + (ceil ? " ceil" : "") + switch (op) {
            case "AveragePool" -> includePad ? " count_include_pad" : "";
            case "MaxPool" -> indices ? " indices" + (columnMajor ? " column-major" : "") : "";
            default -> " p=" + p;
          };
    }
  }

  private static void check(Case cs, long seed) {
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, new SplittableRandom(seed), "x", cs.x);
    b.node(cs.op, names("x"), cs.wantsIndices() ? names("y", "i") : names("y"), cs.attrs());
    b.rankedOutput("y", cs.x.length);
    if (cs.wantsIndices()) {
      b.rankedOutput("i", cs.x.length, TensorProto.DataType.INT64_VALUE);
    }
    boolean max = cs.op.equals("MaxPool");
    try {
      OpenClHarness.assertMatchesReference(b.toBytes(), Map.of("x", x),
          max ? WindowModels.MAX_RTOL : WindowModels.SUM_RTOL, max ? WindowModels.MAX_ATOL : WindowModels.SUM_ATOL);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + cs + ": " + e.getMessage(), e);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void maxPool(long seed) {
    check(Case.random("MaxPool", seed), seed);
  }

  /**
   * MaxPool of int8 and uint8 tensors over each type's full range, with Indices on odd seeds; the
   * padding-only windows of {@link #windowsInsidePaddingAndCeilOverhang}'s geometry give the type's
   * lowest value.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void integerMaxPool(long seed) {
    Case random = Case.random("MaxPool", seed);
    Case paddingOnly = new Case("MaxPool", new int[] {1, 2, 5, 4}, new int[] {2, 2}, new int[] {2, 3},
        new int[] {1, 1}, new int[] {3, 0, 1, 0}, "NOTSET", true, false, seed % 2 == 1, false, 2);
    for (Case cs : List.of(random, paddingOnly)) {
      DataType t = seed % 2 == 0 ? DataType.INT8 : DataType.UINT8;
      OnnxModelBuilder b = WindowModels.model().typedInput("x", t.onnxCode(), dims(cs.x));
      Tensor x = RandomTensors.ints(new SplittableRandom(seed), t, t == DataType.INT8 ? -128 : 0,
          t == DataType.INT8 ? 127 : 255, cs.x);
      b.node("MaxPool", names("x"), cs.wantsIndices() ? names("y", "i") : names("y"), cs.attrs());
      b.rankedOutput("y", cs.x.length, t.onnxCode());
      if (cs.wantsIndices()) {
        b.rankedOutput("i", cs.x.length, TensorProto.DataType.INT64_VALUE);
      }
      try {
        OpenClHarness.assertMatchesReference(b.toBytes(), Map.of("x", x), 0, 0);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + t + " " + cs + ": " + e.getMessage(), e);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void averagePool(long seed) {
    check(Case.random("AveragePool", seed), seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void lpPool(long seed) {
    check(Case.random("LpPool", seed), seed);
  }

  /** The vectorised 2-D MaxPool: ResNet's 3x3/2 pad 1, Inception's 3x3/1 pad 1, 2x2/2 ceil, rows across a vector. */
  @Test
  void maxPoolVectorisedAlongX() {
    check(new Case("MaxPool", new int[] {1, 3, 37, 37}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, "NOTSET", false, false, false, false, 2), 50);
    check(new Case("MaxPool", new int[] {2, 2, 9, 21}, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, "NOTSET", false, false, false, false, 2), 51);
    check(new Case("MaxPool", new int[] {1, 4, 13, 35}, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1},
        new int[] {0, 0, 0, 0}, "NOTSET", true, false, false, false, 2), 52);
    check(new Case("MaxPool", new int[] {1, 2, 11, 40}, new int[] {3, 2}, new int[] {3, 3}, new int[] {2, 2},
        new int[] {1, 0, 2, 1}, "NOTSET", true, false, false, false, 2), 53);
  }

  /** The vectorised kernel takes plain 2-D MaxPools; other ranks and the Indices output stay with the element kernel. */
  @Test
  void vectorisedKernelTakesPlain2dMaxPools() {
    Case plain = new Case("MaxPool", new int[] {1, 3, 37, 37}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, "NOTSET", false, false, false, false, 2);
    assertEquals(List.of("maxpool_vec"), kernelFamilies(plain));
    Case indices = new Case("MaxPool", plain.x, plain.k, plain.s, plain.d, plain.pads, "NOTSET", false, false, true,
        false, 2);
    assertTrue(kernelFamilies(indices).stream().allMatch("maxpool"::equals), "element kernel for Indices");
    Case oneD = new Case("MaxPool", new int[] {1, 3, 37}, new int[] {3}, new int[] {2}, new int[] {1},
        new int[] {1, 1}, "NOTSET", false, false, false, false, 2);
    assertEquals(List.of("maxpool"), kernelFamilies(oneD));
  }

  /** The kernel names of the case's fused plan, without their hash suffix. */
  private static List<String> kernelFamilies(Case cs) {
    OnnxModelBuilder b = WindowModels.model();
    b.input("x", dims(cs.x));
    b.node(cs.op, names("x"), cs.wantsIndices() ? names("y", "i") : names("y"), cs.attrs());
    b.rankedOutput("y", cs.x.length);
    if (cs.wantsIndices()) {
      b.rankedOutput("i", cs.x.length, TensorProto.DataType.INT64_VALUE);
    }
    Graph g = new OnnxImporter().load(b.toBytes(), "model.onnx");
    Plan plan = new Compiler().compile(g, Compiler.Options.defaults().withInputShapes(Map.of("x", cs.x))).plan();
    return plan.launches().stream().map(l -> l.kernelName().replaceAll("_[0-9a-f]+$", "")).toList();
  }

  /**
   * Pads wider than the window: the first windows hold padding only (max: lowest float and index
   * -1; mean: 0), and ceil_mode adds a last window hanging past the end padding, whose
   * count_include_pad divisor must not count the overhang.
   */
  @Test
  void windowsInsidePaddingAndCeilOverhang() {
    int[] x = {1, 2, 5, 4};
    for (String op : List.of("MaxPool", "AveragePool")) {
      for (long flag : new long[] {0, 1}) {
        Case cs = new Case(op, x, new int[] {2, 2}, new int[] {2, 3}, new int[] {1, 1}, new int[] {3, 0, 1, 0},
            "NOTSET", true, flag == 1, true, flag == 1, 2);
        check(cs, 40 + flag);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void globalPools(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int r = (int) (seed % 3) + 1;
    int[] shape = new int[r + 2];
    shape[0] = rnd.nextInt(1, 3);
    shape[1] = rnd.nextInt(1, 5);
    for (int i = 2; i < shape.length; i++) {
      shape[i] = rnd.nextInt(1, r == 3 ? 6 : 14);
    }
    OnnxModelBuilder b = WindowModels.model();
    Tensor x = WindowModels.input(b, rnd, "x", shape);
    b.node("GlobalAveragePool", names("x"), names("avg"));
    b.node("GlobalMaxPool", names("x"), names("max"));
    b.rankedOutput("avg", r + 2);
    b.rankedOutput("max", r + 2);
    OpenClHarness.assertMatchesReference(b.toBytes(), Map.of("x", x), WindowModels.SUM_RTOL, WindowModels.SUM_ATOL);
  }
}
