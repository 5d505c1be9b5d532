package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;

/** BatchNormalization (inference) and LRN as element emitters, computed in float. */
final class NormalizationEmitters {
  private NormalizationEmitters() {}

  /**
   * {@code (x - mean) / sqrt(var + epsilon) * scale + B} per channel. X is read only through
   * loadBroadcast, so the same emitter serves as a fused step (after an element op or in a conv
   * epilogue) where X is the value computed before; the per-channel inputs are read at coordinate 1.
   */
  static void batchNormalization(ElementContext ctx) {
    float epsilon = OpRegistry.standard().floatAttr(ctx.node(), "epsilon");
    List<String> channel = List.of(ctx.coord(1));
    String x = ctx.declare("float", "x", ctx.loadBroadcast(0));
    String scale = ctx.load(1, channel);
    String bias = ctx.load(2, channel);
    String mean = ctx.load(3, channel);
    String var = ctx.load(4, channel);
    ctx.result("(" + x + " - " + mean + ") * (" + scale + " / sqrt(" + var + " + " + ElementContext.floatLiteral(epsilon)
        + ")) + " + bias);
  }

  /**
   * {@code x / (bias + alpha / size * sum(x[c']^2))^beta} over the channels c' from
   * {@code c - floor((size-1)/2)} to {@code c + ceil((size-1)/2)}, clipped to the channels.
   */
  static void lrn(ElementContext ctx) {
    long size = ctx.node().intAttr("size", 0);
    if (size < 1) {
      throw ctx.node().invalid("attribute 'size' must be positive, is " + size);
    }
    double alpha = OpRegistry.standard().floatAttr(ctx.node(), "alpha");
    float beta = OpRegistry.standard().floatAttr(ctx.node(), "beta");
    float bias = OpRegistry.standard().floatAttr(ctx.node(), "bias");
    int[] shape = ctx.inputShape(0);
    long before = (size - 1) / 2;
    long after = size - 1 - before;
    String c = ctx.coord(1);
    String lo = ctx.declare("long", "lo", "max(" + c + " - " + before + "L, 0L)");
    String hi = ctx.declare("long", "hi", "min(" + c + " + " + after + "L, " + (shape[1] - 1) + "L)");
    String sum = ctx.declare("float", "sum", "0.0f");
    String k = ctx.fresh("k");
    ctx.statement("for (long " + k + " = " + lo + "; " + k + " <= " + hi + "; ++" + k + ") {");
    List<String> at = new ArrayList<>();
    List<String> own = new ArrayList<>();
    for (int a = 0; a < shape.length; a++) {
      at.add(a == 1 ? k : ctx.coord(a));
      own.add(ctx.coord(a));
    }
    String v = ctx.declare("float", "v", ctx.load(0, at));
    ctx.statement(sum + " += " + v + " * " + v + ";");
    ctx.statement("}");
    // base^beta as exp2(beta log2 base): the base is a positive sum, and libclc's general pow (signs,
    // integer exponents) made LRN most of Inception's and AlexNet's kernel time; a few ulp either way.
    ctx.result(ctx.load(0, own) + " / exp2(" + ElementContext.floatLiteral(beta) + " * log2("
        + ElementContext.floatLiteral(bias) + " + " + ElementContext.floatLiteral((float) (alpha / size)) + " * " + sum + "))");
  }
}
