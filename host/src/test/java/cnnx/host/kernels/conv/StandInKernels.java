package cnnx.host.kernels.conv;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.ElementEmitter;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.codegen.elementwise.ElementwiseKernels;
import cnnx.compiler.codegen.spatial.SpatialKernels;
import cnnx.compiler.codegen.tensor.TensorKernels;
import cnnx.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The standard kernel library plus stand-in element kernels, for the ops around a conv block whose
 * own kernels live in other families (activations, Add, BatchNormalization, a plain MaxPool): a
 * conv epilogue is written from the element emitters it fuses, so testing one needs some. Each
 * stand-in is registered only where the standard library has no kernel for the op, so once those
 * families are in, the tests run on the real emitters.
 */
final class StandInKernels {
  private StandInKernels() {}

  private static final Map<String, ElementEmitter> STAND_INS = Map.of(
      "Relu", ctx -> ctx.result("fmax(" + ctx.loadBroadcast(0) + ", 0.0f)"),
      "Add", ctx -> ctx.result(ctx.loadBroadcast(0) + " + " + ctx.loadBroadcast(1)),
      "Mul", ctx -> ctx.result(ctx.loadBroadcast(0) + " * " + ctx.loadBroadcast(1)),
      "Sigmoid", ctx -> ctx.result("1.0f / (1.0f + exp(-" + ctx.loadBroadcast(0) + "))"),
      "HardSwish", ctx -> {
        String x = ctx.declare("float", "x", ctx.loadBroadcast(0));
        ctx.result(x + " * fmax(0.0f, fmin(1.0f, " + x + " / 6.0f + 0.5f))");
      },
      "PRelu", ctx -> {
        String x = ctx.declare("float", "x", ctx.loadBroadcast(0));
        ctx.result(x + " < 0.0f ? " + ctx.loadBroadcast(1) + " * " + x + " : " + x);
      },
      "Clip", StandInKernels::clip,
      "BatchNormalization", StandInKernels::batchNorm,
      "MaxPool", ctx -> pool(ctx, true),
      "AveragePool", ctx -> pool(ctx, false));

  /** Library with the stand-ins the standard one lacks. */
  static KernelLibrary library() {
    KernelLibrary standard = KernelLibrary.standard();
    KernelLibrary.Builder b = new KernelLibrary.Builder();
    for (String op : new String[] {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity"}) {
      b.alias(op);
    }
    ElementwiseKernels.register(b);
    TensorKernels.register(b);
    SpatialKernels.register(b);
    STAND_INS.forEach((op, e) -> {
      if (!standard.supports(op)) {
        b.emitter(op, e);
      }
    });
    return b.build();
  }

  /** Whether the standard library has a kernel for every op in the list. */
  static boolean standardSupports(List<String> ops) {
    return ops.stream().allMatch(KernelLibrary.standard()::supports);
  }

  private static void clip(ElementContext ctx) {
    String v = ctx.loadBroadcast(0);
    if (ctx.hasInput(1)) {
      v = "fmax(" + v + ", " + ElementContext.floatLiteral(constant(ctx, 1)) + ")";
    }
    if (ctx.hasInput(2)) {
      v = "fmin(" + v + ", " + ElementContext.floatLiteral(constant(ctx, 2)) + ")";
    }
    ctx.result(v);
  }

  private static float constant(ElementContext ctx, int i) {
    Tensor t = ctx.constant(i).orElseThrow(() -> new IllegalStateException("stand-in Clip needs constant bounds"));
    return t.floats()[0];
  }

  /** Inference form, parameters indexed by the channel coordinate. */
  private static void batchNorm(ElementContext ctx) {
    List<String> ch = List.of(ctx.coord(1));
    float eps = ctx.node().floatAttr("epsilon", 1e-5f);
    ctx.result("(" + ctx.loadBroadcast(0) + " - " + ctx.load(3, ch) + ") / sqrt(" + ctx.load(4, ch) + " + "
        + ElementContext.floatLiteral(eps) + ") * " + ctx.load(1, ch) + " + " + ctx.load(2, ch));
  }

  /**
   * Windows without padding or dilation (all the tests need); taps past the input's end (ceil
   * mode) are skipped, as are they in the count of an average.
   */
  private static void pool(ElementContext ctx, boolean max) {
    long[] k = ctx.node().intsAttr("kernel_shape");
    long[] s = ctx.node().intsAttr("strides");
    long[] pads = ctx.node().intsAttr("pads");
    if (pads != null && java.util.Arrays.stream(pads).anyMatch(p -> p != 0)) {
      throw new IllegalStateException("the stand-in pools take no padding");
    }
    int[] in = ctx.inputShape(0);
    String acc = ctx.declare("float", "acc", max ? "-INFINITY" : "0.0f");
    String count = ctx.declare("int", "count", "0");
    List<String> coords = new ArrayList<>(List.of(ctx.coord(0), ctx.coord(1)));
    StringBuilder close = new StringBuilder();
    StringBuilder inside = new StringBuilder("1");
    for (int a = 0; a < k.length; a++) {
      String t = ctx.fresh("t");
      String i = ctx.fresh("i");
      ctx.statement("for (long " + t + " = 0; " + t + " < " + k[a] + "; " + t + "++) {");
      ctx.statement("const long " + i + " = " + ctx.coord(a + 2) + " * " + (s == null ? 1 : s[a]) + " + " + t + ";");
      coords.add(i);
      inside.append(" && ").append(i).append(" < ").append(in[a + 2]);
      close.append('}');
    }
    String v = ctx.load(0, coords);
    ctx.statement("if (" + inside + ") { " + count + "++; " + acc + " = "
        + (max ? "fmax(" + acc + ", " + v + ")" : acc + " + " + v) + "; }" + close);
    ctx.result(max ? acc : acc + " / " + count);
  }
}
