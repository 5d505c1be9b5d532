package cnnx.compiler.codegen.elementwise;

import static cnnx.compiler.codegen.elementwise.CExpr.f;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ops.OpRegistry;
import java.util.function.BiFunction;

/**
 * One-input activations and math functions. Floats are computed in float with OpenCL's builtins
 * (the reference computes in double and rounds once, so results agree to a few ulp); integer
 * forms exist where the reference has them (Relu, Neg, Abs, Not).
 */
final class UnaryKernels {
  private UnaryKernels() {}

  /** Writes the result from the node and the name of the loaded input. */
  private interface Body extends BiFunction<ElementContext, String, String> {}

  static void register(KernelLibrary.Builder b) {
    // Ternaries rather than fmax: a NaN input stays NaN, as with the reference's Math.max.
    unary(b, "Relu", (c, x) -> "(" + x + " < 0.0f ? 0.0f : " + x + ")",
        (c, x) -> "(" + x + " < 0L ? 0L : " + x + ")");
    floating(b, "LeakyRelu", (c, x) -> {
      String alpha = f(attr(c, "alpha"));
      return "(" + x + " < 0.0f ? " + alpha + " * " + x + " : " + x + ")";
    });
    floating(b, "Elu", (c, x) -> {
      String alpha = f(attr(c, "alpha"));
      return "(" + x + " < 0.0f ? " + alpha + " * expm1(" + x + ") : " + x + ")";
    });
    floating(b, "Selu", (c, x) -> {
      float gamma = attr(c, "gamma");
      float alpha = attr(c, "alpha");
      String gammaAlpha = f((float) ((double) gamma * alpha));
      return "(" + x + " > 0.0f ? " + f(gamma) + " * " + x + " : " + gammaAlpha + " * expm1(" + x + "))";
    });
    floating(b, "Sigmoid", (c, x) -> "(1.0f / (1.0f + exp(-" + x + ")))");
    floating(b, "HardSigmoid", (c, x) -> {
      String alpha = f(attr(c, "alpha"));
      String beta = f(attr(c, "beta"));
      return unitClamp(c, alpha + " * " + x + " + " + beta);
    });
    // (x + 3) / 6 rather than x / 6 + 0.5: exact near -3, where the gate is small.
    floating(b, "HardSwish", (c, x) -> "(" + x + " * " + unitClamp(c, "(" + x + " + 3.0f) / 6.0f") + ")");
    floating(b, "Tanh", (c, x) -> "tanh(" + x + ")");
    // log(1 + e^x) written so e^x cannot overflow, as the reference does.
    floating(b, "Softplus", (c, x) -> "(fmax(" + x + ", 0.0f) + log1p(exp(-fabs(" + x + "))))");
    floating(b, "Softsign", (c, x) -> "(" + x + " / (1.0f + fabs(" + x + ")))");
    unary(b, "Neg", (c, x) -> "(-" + x + ")", (c, x) -> IntTypes.result(c, CExpr.neg(x)));
    unary(b, "Abs", (c, x) -> "fabs(" + x + ")", (c, x) -> IntTypes.result(c, CExpr.abs(x)));
    floating(b, "Sqrt", (c, x) -> "sqrt(" + x + ")");
    floating(b, "Exp", (c, x) -> "exp(" + x + ")");
    floating(b, "Log", (c, x) -> "log(" + x + ")");
    floating(b, "Reciprocal", (c, x) -> "(1.0f / " + x + ")");
    floating(b, "Floor", (c, x) -> "floor(" + x + ")");
    floating(b, "Ceil", (c, x) -> "ceil(" + x + ")");
    floating(b, "Erf", (c, x) -> "erf(" + x + ")");
    // Ternaries keep NaN and signed zeros as the reference's Math.signum does (OpenCL's sign maps NaN to 0).
    unary(b, "Sign", (c, x) -> "(" + x + " > 0.0f ? 1.0f : (" + x + " < 0.0f ? -1.0f : " + x + "))",
        (c, x) -> "(" + x + " > 0L ? 1L : (" + x + " < 0L ? -1L : 0L))");
    floating(b, "Round", (c, x) -> "rint(" + x + ")");
    floating(b, "Gelu", UnaryKernels::gelu);
    floating(b, "Mish", (c, x) -> "(" + x + " * tanh(fmax(" + x + ", 0.0f) + log1p(exp(-fabs(" + x + ")))))");
    unary(b, "Not", null, (c, x) -> "(" + x + " == 0L ? 1L : 0L)");
  }

  /**
   * Exact Gelu, or its tanh approximation, as the node's approximate attribute says. Written
   * without 1 + erf and 1 + tanh, which cancel in float for negative x: 1 + erf(v) = erfc(-v) and
   * (1 + tanh(z)) / 2 = 1 / (1 + exp(-2z)).
   */
  private static String gelu(ElementContext c, String x) {
    String approximate = c.node().stringAttr("approximate", "none");
    if (approximate.equals("tanh")) {
      String z2 = "1.5957691216057308f * (" + x + " + 0.044715f * " + x + " * " + x + " * " + x + ")";
      return "(" + x + " / (1.0f + exp(-(" + z2 + "))))";
    }
    return "(0.5f * " + x + " * erfc(-" + x + " * 0.7071067811865476f))";
  }

  /** The node's attribute or the default its op declares (the reference reads the same). */
  private static float attr(ElementContext c, String name) {
    return OpRegistry.standard().floatAttr(c.node(), name);
  }

  /** min(1, max(0, v)) letting NaN through, as the reference's Math.max/min do. */
  private static String unitClamp(ElementContext ctx, String v) {
    String t = ctx.declare("float", "t", v);
    return "(" + t + " < 0.0f ? 0.0f : (" + t + " > 1.0f ? 1.0f : " + t + "))";
  }

  private static void floating(KernelLibrary.Builder b, String op, Body floatBody) {
    unary(b, op, floatBody, null);
  }

  /**
   * @param floatBody the function on float elements, or null
   * @param longBody the function on integer elements, or null
   */
  private static void unary(KernelLibrary.Builder b, String op, Body floatBody, Body longBody) {
    b.emitter(op, ctx -> {
      boolean isFloat = CExpr.isFloat(ctx.inputType(0));
      Body body = isFloat ? floatBody : longBody;
      if (body == null) {
        throw new UnsupportedModelException(ctx.node().describe() + ": no OpenCL kernel for "
            + (isFloat ? "float" : "integer") + " elements");
      }
      String x = CExpr.operand(ctx, 0, "x");
      ctx.result(body.apply(ctx, x));
    });
  }
}
