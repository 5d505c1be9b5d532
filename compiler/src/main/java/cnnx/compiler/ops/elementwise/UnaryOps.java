package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.AttributeDefaults;
import cnnx.compiler.ops.OpRegistry;
import java.util.EnumSet;
import java.util.function.DoubleUnaryOperator;

/** The table of one-input element-wise ops: activations and math functions. */
final class UnaryOps {
  private static final AttributeDefaults LEAKY_RELU = AttributeDefaults.NONE.withFloat("alpha", 0.01f);
  private static final AttributeDefaults ELU = AttributeDefaults.NONE.withFloat("alpha", 1.0f);
  /** As float32, like the ONNX attribute defaults. */
  private static final AttributeDefaults SELU = AttributeDefaults.NONE
      .withFloat("alpha", 1.67326319217681884765625f).withFloat("gamma", 1.05070102214813232421875f);
  private static final AttributeDefaults HARD_SIGMOID = AttributeDefaults.NONE
      .withFloat("alpha", 0.2f).withFloat("beta", 0.5f);

  private UnaryOps() {}

  static void register(OpRegistry.Builder b) {
    b.add(new UnaryOp("Relu", ElementTypes.SIGNED, n -> x -> Math.max(0, x), n -> x -> Math.max(0, x)).exact());
    b.add(UnaryOp.floatingWithAttributes("LeakyRelu", UnaryOps::leakyRelu).exact().withAttributeDefaults(LEAKY_RELU));
    b.add(UnaryOp.floatingWithAttributes("Elu", UnaryOps::elu).withAttributeDefaults(ELU));
    b.add(UnaryOp.floatingWithAttributes("Selu", UnaryOps::selu).withAttributeDefaults(SELU));
    b.add(UnaryOp.floating("Sigmoid", x -> 1 / (1 + Math.exp(-x))));
    b.add(UnaryOp.floatingWithAttributes("HardSigmoid", UnaryOps::hardSigmoid).withAttributeDefaults(HARD_SIGMOID));
    b.add(UnaryOp.floating("HardSwish", x -> x * Math.max(0, Math.min(1, x / 6 + 0.5))));
    b.add(UnaryOp.floating("Tanh", Math::tanh));
    // log(1 + e^x), written so e^x cannot overflow for large x.
    b.add(UnaryOp.floating("Softplus", UnaryOps::softplus));
    b.add(UnaryOp.floating("Softsign", x -> x / (1 + Math.abs(x))));
    b.add(new UnaryOp("Neg", ElementTypes.SIGNED, n -> x -> -x, n -> x -> -x).exact());
    b.add(new UnaryOp("Abs", ElementTypes.NUMERIC, n -> Math::abs, n -> Math::abs).exact());
    b.add(UnaryOp.floating("Sqrt", Math::sqrt));
    b.add(UnaryOp.floating("Exp", Math::exp));
    b.add(UnaryOp.floating("Log", Math::log));
    b.add(UnaryOp.floating("Reciprocal", x -> 1 / x));
    b.add(UnaryOp.floating("Floor", Math::floor).exact());
    b.add(UnaryOp.floating("Ceil", Math::ceil).exact());
    // The spec also allows integer Erf; cnnx computes it on floats only.
    b.add(new UnaryOp("Erf", ElementTypes.NUMERIC, n -> Erf::erf, null));
    b.add(new UnaryOp("Sign", ElementTypes.NUMERIC, n -> Math::signum, n -> Long::signum).exact());
    // Round half to even, as the spec's examples (and C's rint) do.
    b.add(UnaryOp.floating("Round", Math::rint).exact());
    b.add(UnaryOp.floatingWithAttributes("Gelu", UnaryOps::gelu));
    b.add(UnaryOp.floating("Mish", x -> x * Math.tanh(softplus(x))));
    b.add(new UnaryOp("Not", EnumSet.of(DataType.BOOL), null,
        n -> x -> x == 0 ? 1 : 0));
  }

  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** Opset 20's Gelu: exact (through erf) or its tanh approximation. */
  private static DoubleUnaryOperator gelu(Node n) {
    String approximate = n.stringAttr("approximate", "none");
    return switch (approximate) {
      case "none" -> x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
      case "tanh" -> x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
      default -> throw n.invalid("approximate must be 'none' or 'tanh', found '" + approximate + "'");
    };
  }

  private static DoubleUnaryOperator leakyRelu(Node n) {
    double alpha = LEAKY_RELU.floatAttr(n, "alpha");
    return x -> x < 0 ? alpha * x : x;
  }

  private static DoubleUnaryOperator elu(Node n) {
    double alpha = ELU.floatAttr(n, "alpha");
    return x -> x < 0 ? alpha * Math.expm1(x) : x;
  }

  private static DoubleUnaryOperator selu(Node n) {
    double alpha = SELU.floatAttr(n, "alpha");
    double gamma = SELU.floatAttr(n, "gamma");
    return x -> x > 0 ? gamma * x : gamma * alpha * Math.expm1(x);
  }

  private static DoubleUnaryOperator hardSigmoid(Node n) {
    double alpha = HARD_SIGMOID.floatAttr(n, "alpha");
    double beta = HARD_SIGMOID.floatAttr(n, "beta");
    return x -> Math.max(0, Math.min(1, alpha * x + beta));
  }
}
