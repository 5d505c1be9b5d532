package cnnx.host.kernels.conv;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.ElementEmitter;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.codegen.elementwise.ElementwiseKernels;
import cnnx.compiler.codegen.spatial.SpatialKernels;
import cnnx.compiler.codegen.tensor.TensorKernels;
import cnnx.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard kernel library plus stand-in element kernels, for the ops around a conv block whose
 * own kernels live in other families (activations, Add, BatchNormalization, pools): a conv
 * epilogue is written from the element emitters it fuses, so testing one needs some. Each
 * stand-in is registered only where the standard library has no kernel for the op, so once those
 * families are in, the tests run on the real emitters.
 */
final class StandInKernels {
  private static final Map<String, ElementEmitter> STAND_INS = new LinkedHashMap<>();

  static {
    STAND_INS.put("Relu", ctx -> ctx.result("fmax(" + ctx.loadBroadcast(0) + ", 0.0f)"));
    STAND_INS.put("Add", ctx -> ctx.result(ctx.loadBroadcast(0) + " + " + ctx.loadBroadcast(1)));
    STAND_INS.put("Mul", ctx -> ctx.result(ctx.loadBroadcast(0) + " * " + ctx.loadBroadcast(1)));
    STAND_INS.put("Sigmoid", ctx -> ctx.result("1.0f / (1.0f + exp(-" + ctx.loadBroadcast(0) + "))"));
    STAND_INS.put("HardSwish", ctx -> {
      String x = ctx.declare("float", "x", ctx.loadBroadcast(0));
      ctx.result(x + " * fmax(0.0f, fmin(1.0f, " + x + " / 6.0f + 0.5f))");
    });
    STAND_INS.put("PRelu", ctx -> {
      String x = ctx.declare("float", "x", ctx.loadBroadcast(0));
      ctx.result(x + " < 0.0f ? " + ctx.loadBroadcast(1) + " * " + x + " : " + x);
    });
    STAND_INS.put("Clip", StandInKernels::clip);
    STAND_INS.put("BatchNormalization", StandInKernels::batchNorm);
    STAND_INS.put("MaxPool", ctx -> pool(ctx, true));
    STAND_INS.put("AveragePool", ctx -> pool(ctx, false));
    STAND_INS.put("GlobalAveragePool", StandInKernels::globalAverage);
  }

  private StandInKernels() {}

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
   * Windows with explicit pads and no dilation: taps outside the input are skipped, and not
   * counted in an average (count_include_pad 0).
   */
  private static void pool(ElementContext ctx, boolean max) {
    long[] k = ctx.node().intsAttr("kernel_shape");
    long[] s = ctx.node().intsAttr("strides");
    long[] pads = ctx.node().intsAttr("pads");
    if (!ctx.node().stringAttr("auto_pad", "NOTSET").equals("NOTSET") || ctx.node().intAttr("count_include_pad", 0) != 0
        || ctx.node().intsAttr("dilations") != null) {
      throw new IllegalStateException("the stand-in pools take explicit pads only");
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
      ctx.statement("const long " + i + " = " + ctx.coord(a + 2) + " * " + (s == null ? 1 : s[a]) + " - "
          + (pads == null ? 0 : pads[a]) + " + " + t + ";");
      // A clamped coordinate keeps the load in bounds where the guard discards it.
      coords.add("clamp(" + i + ", 0L, " + (in[a + 2] - 1) + "L)");
      inside.append(" && ").append(i).append(" >= 0 && ").append(i).append(" < ").append(in[a + 2]);
      close.append('}');
    }
    String v = ctx.load(0, coords);
    ctx.statement("if (" + inside + ") { " + count + "++; " + acc + " = "
        + (max ? "fmax(" + acc + ", " + v + ")" : acc + " + " + v) + "; }" + close);
    ctx.result(max ? acc : acc + " / " + count);
  }

  private static void globalAverage(ElementContext ctx) {
    int[] in = ctx.inputShape(0);
    int plane = 1;
    for (int a = 2; a < in.length; a++) {
      plane *= in[a];
    }
    String base = "(" + ctx.coord(0) + " * " + in[1] + "L + " + ctx.coord(1) + ") * " + plane + "L";
    String acc = ctx.declare("float", "acc", "0.0f");
    String t = ctx.fresh("t");
    ctx.statement("for (long " + t + " = 0; " + t + " < " + plane + "; " + t + "++) { " + acc + " += "
        + ctx.loadFlat(0, base + " + " + t) + "; }");
    ctx.result(acc + " / " + plane + ".0f");
  }
}
