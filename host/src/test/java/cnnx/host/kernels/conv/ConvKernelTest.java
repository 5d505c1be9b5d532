package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Conv template against the reference interpreter on seeded random shapes and attributes (tolerance: {@link Models}). */
class ConvKernelTest {
  /** A random Conv; {@code seed % 3} picks 1-D, 2-D or 3-D. */
  private record Case(int n, int c, int m, int group, int[] in, int[] k, int[] s, int[] d, int[] pads,
      String autoPad, boolean bias) {

    static Case random(long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int r = (int) (seed % 3) + 1;
      int mode = rnd.nextInt(5);
      // Modes: plain (twice as likely), grouped, depthwise, wide (vector channel blocks, padded or not).
      int group = mode < 2 || mode == 4 ? 1 : mode == 2 ? rnd.nextInt(2, 4) : rnd.nextInt(2, 7);
      int cg = mode == 3 ? 1 : mode == 4 ? rnd.nextInt(3, 9) : rnd.nextInt(1, 5);
      int c = cg * group;
      int mg = mode == 3 ? rnd.nextInt(1, 3) : mode == 4 ? rnd.nextInt(9, 41) : rnd.nextInt(1, 13);
      String autoPad = switch (rnd.nextInt(6)) {
        case 0 -> "VALID";
        case 1 -> "SAME_UPPER";
        case 2 -> "SAME_LOWER";
        default -> "NOTSET";
      };
      int maxIn = r == 3 ? 7 : r == 2 ? 13 : 29;
      int[] in = new int[r];
      int[] k = new int[r];
      int[] s = new int[r];
      int[] d = new int[r];
      int[] pads = new int[2 * r];
      for (int i = 0; i < r; i++) {
        k[i] = rnd.nextInt(1, r == 3 ? 4 : 6);
        d[i] = rnd.nextInt(1, 3);
        s[i] = rnd.nextInt(1, 4);
        if (autoPad.equals("NOTSET")) {
          pads[i] = rnd.nextInt(0, k[i] + 1);
          pads[i + r] = rnd.nextInt(0, k[i] + 1);
        }
        int extent = (k[i] - 1) * d[i] + 1;
        in[i] = Math.max(1, extent - pads[i] - pads[i + r]) + rnd.nextInt(0, maxIn);
      }
      return new Case(rnd.nextInt(1, 3), c, mg * group, group, in, k, s, d, pads, autoPad, rnd.nextBoolean());
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
      a.add(attrInts("strides", Models.longs(s)));
      a.add(attrInts("dilations", Models.longs(d)));
      a.add(attr("group", (long) group));
      if (autoPad.equals("NOTSET")) {
        a.add(attrInts("pads", Models.longs(pads)));
      } else {
        a.add(attr("auto_pad", autoPad));
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

  private static void check(Case cs, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 7919);
    OnnxModelBuilder b = Models.model();
    Tensor x = Models.input(b, rnd, "x", cs.xShape());
    Models.weight(b, rnd, "w", cs.wShape());
    List<String> in = names("x", "w");
    if (cs.bias) {
      Models.weight(b, rnd, "b", cs.m);
      in.add("b");
    }
    b.node("Conv", in, names("y"), cs.attrs().toArray(AttributeProto[]::new));
    b.output("y");
    OpenClHarness.assertMatchesReference(b.toBytes(), Map.of("x", x), Models.RTOL, Models.ATOL);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
  void randomConvMatchesReference(long seed) {
    check(Case.random(seed), seed);
  }

  /**
   * ResNet-like: 3x3 pad 1 over two 16-channel vectors with an x tail, the strided 1x1
   * projection, a 1x1 over four vectors, and a grouped 3x3 (ResNeXt) with two vectors per group.
   */
  @Test
  void resnetShapes() {
    check(new Case(1, 24, 64, 1, new int[] {12, 15}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1},
        new int[] {0, 0, 0, 0}, "NOTSET", true), 103);
    check(new Case(2, 6, 64, 2, new int[] {9, 10}, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, "NOTSET", false), 104);
    check(new Case(1, 8, 32, 1, new int[] {11, 19}, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, "NOTSET", true), 100);
    check(new Case(2, 8, 16, 1, new int[] {9, 13}, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1},
        new int[] {0, 0, 0, 0}, "NOTSET", false), 101);
  }

  /**
   * A layer whose 1.2 MB of weights each meet only 25 outputs (ResNet's last stage at batch 1): the template asks
   * for its weights ahead (its pfAhead argument), which must leave the sums as they were; a layer whose weights stay
   * in the caches does not ask, from the same program.
   */
  @Test
  void weightsAskedAheadLeaveTheSums() {
    Case big = new Case(1, 128, 256, 1, new int[] {9, 9}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, "NOTSET", true);
    check(big, 106);
    assertEquals(12, pfAhead(big));
    Case small = new Case(1, 32, 32, 1, new int[] {9, 9}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
        new int[] {1, 1, 1, 1}, "NOTSET", true);
    assertEquals(0, pfAhead(small));
  }

  /** The pfAhead argument of a case's conv launch (its last: no epilogue), compiled for the harness's CPU target. */
  private static int pfAhead(Case cs) {
    SplittableRandom rnd = new SplittableRandom(1);
    OnnxModelBuilder b = Models.model();
    Tensor x = Models.input(b, rnd, "x", cs.xShape());
    Models.weight(b, rnd, "w", cs.wShape());
    Models.weight(b, rnd, "b", cs.m);
    b.node("Conv", names("x", "w", "b"), names("y"), cs.attrs().toArray(AttributeProto[]::new));
    var plan = new Compiler().compile(new OnnxImporter().load(b.output("y").toBytes(), "m.onnx"),
        Compiler.Options.defaults().withInputShapes(Map.of("x", x.shape()))).plan();
    var conv = plan.launches().stream().filter(l -> l.kernelName().startsWith("conv_")).findFirst().orElseThrow();
    assertTrue(plan.programs().get(conv.program()).source().contains("#define PREFETCH 1"));
    return ((KernelArg.Int) conv.args().get(conv.args().size() - 1)).value();
  }

  /** Padding wider than a block: inner blocks' windows cross the row's start too. */
  @Test
  void paddingWiderThanABlock() {
    check(new Case(1, 3, 16, 1, new int[] {12}, new int[] {5}, new int[] {1}, new int[] {4}, new int[] {7, 7},
        "NOTSET", true), 105);
  }

  @Test
  void depthwiseStridedDilatedAsymmetricPads() {
    check(new Case(2, 6, 6, 6, new int[] {9, 17}, new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 2},
        new int[] {0, 1, 2, 1}, "NOTSET", true), 102);
  }
}
