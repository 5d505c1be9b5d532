package cnnx.compiler.codegen.quant;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.elementwise.ElementTypes;
import cnnx.compiler.ops.quant.DequantizeLinear;
import cnnx.compiler.ops.quant.ParamLayout;
import cnnx.compiler.ops.quant.QuantizeLinear;
import cnnx.kernels.plan.ElementType;
import java.util.ArrayList;
import java.util.List;

/**
 * QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear: one work-item per output element,
 * scales and zero points loaded per tensor, per axis or per block. Matrix and convolution kernels
 * are in {@link IntegerKernels}.
 */
public final class QuantKernels {
  private QuantKernels() {}

  public static void register(KernelLibrary.Builder b) {
    b.emitter("QuantizeLinear", QuantKernels::quantize)
        .emitter("DequantizeLinear", QuantKernels::dequantize)
        .emitter("DynamicQuantizeLinear", QuantKernels::dynamicQuantize);
    IntegerKernels.register(b);
  }

  /** C expression: clamp(rint(v) + zp) into t's range, as a long (the reference's quantize). */
  static String saturate(String v, String zp, DataType t) {
    return "(long)fmin(fmax(rint(" + v + ") + (float)(" + zp + "), " + ElementTypes.minValue(t) + ".0f), "
        + ElementTypes.maxValue(t) + ".0f)";
  }

  /** The parameter (scale or zero point, input {@code input}) of the current element. */
  private static String param(ElementContext ctx, int input, ParamLayout layout) {
    if (layout.perTensor()) {
      return ctx.loadFlat(input, "0");
    }
    int axis = layout.axis();
    if (layout.blockSize() == 0) {
      return ctx.loadFlat(input, ctx.coord(axis));
    }
    List<String> coords = new ArrayList<>();
    for (int a = 0; a < ctx.outputShape().length; a++) {
      coords.add(a == axis ? "(" + ctx.coord(a) + ") / " + layout.blockSize() + "L" : ctx.coord(a));
    }
    return ctx.load(input, coords);
  }

  private static String element(ElementContext ctx) {
    String x = ctx.loadFlat(0, ctx.flatIndex());
    return ctx.inputType(0) == ElementType.FLOAT ? x : "(float)(" + x + ")";
  }

  private static void quantize(ElementContext ctx) {
    QuantizeLinear.Plan p = QuantizeLinear.plan(StaticShapes.of(ctx));
    if (p.output().isFloating()) {
      // float8/float4: x / scale + zero point, clamped when saturating; like every float narrower than
      // the device computes, it is held in float32 and rounded to its format where it leaves the device.
      String zp = ctx.hasInput(2) ? param(ctx, 2, p.layout()) : "0.0f";
      String v = ctx.declare("float", "v", element(ctx) + " / " + param(ctx, 1, p.layout()) + " + " + zp);
      boolean saturate = ctx.node().intAttr("saturate", 1) == 1 || p.output() == DataType.FLOAT4E2M1;
      String max = ElementContext.floatLiteral(p.output().miniFloat().max());
      ctx.result(saturate ? "(isnan(" + v + ") ? " + v + " : clamp(" + v + ", -" + max + ", " + max + "))" : v);
      return;
    }
    String v = ctx.declare("float", "v", element(ctx) + " / " + param(ctx, 1, p.layout()));
    String zp = ctx.hasInput(2) ? param(ctx, 2, p.layout()) : "0L";
    ctx.result(saturate(v, zp, p.output()));
  }

  private static void dequantize(ElementContext ctx) {
    DequantizeLinear.Plan p = DequantizeLinear.plan(StaticShapes.of(ctx));
    String x = ctx.loadFlat(0, ctx.flatIndex());
    String zp = ctx.hasInput(2) ? param(ctx, 2, p.layout()) : "0L";
    if (ctx.inputType(0) == ElementType.FLOAT) { // float8/float4 codes, held as float
      ctx.result("(" + x + " - " + (ctx.hasInput(2) ? zp : "0.0f") + ") * " + param(ctx, 1, p.layout()));
      return;
    }
    ctx.result("(float)(" + x + " - " + zp + ") * " + param(ctx, 1, p.layout()));
  }

  /**
   * Every work-item scans the whole input for its range (quadratic in the size: a correctness
   * kernel for the small tensors this op sees, not a fast one).
   */
  private static void dynamicQuantize(ElementContext ctx) {
    Node node = ctx.node();
    long n = 1;
    for (int d : ctx.inputShape(0)) {
      n *= d;
    }
    String lo = ctx.declare("float", "lo", "0.0f");
    String hi = ctx.declare("float", "hi", "0.0f");
    String i = ctx.fresh("i");
    String v = ctx.fresh("v");
    ctx.statement("for (long " + i + " = 0; " + i + " < " + n + "L; " + i + "++) { float " + v + " = "
        + ctx.loadFlat(0, i) + "; " + lo + " = fmin(" + lo + ", " + v + "); " + hi + " = fmax(" + hi + ", " + v
        + "); }");
    String scale = ctx.declare("float", "scale", "(" + hi + " == " + lo + ") ? 1.0f : (" + hi + " - " + lo
        + ") / 255.0f");
    String zp = ctx.declare("long", "zp", "(long)rint(fmax(0.0f, fmin(255.0f, 0.0f - " + lo + " / " + scale + ")))");
    switch (ctx.output()) {
      case 0 -> ctx.result(saturate(element(ctx) + " / " + scale, zp, DataType.UINT8));
      case 1 -> ctx.result(scale);
      case 2 -> ctx.result(zp);
      default -> throw node.invalid("has no output " + ctx.output());
    }
  }
}
