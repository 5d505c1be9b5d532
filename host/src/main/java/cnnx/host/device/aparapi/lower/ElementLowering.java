package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.host.device.aparapi.kernels.BinaryCode;
import cnnx.host.device.aparapi.kernels.UnaryCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Element-wise ops: unary functions, broadcasting binary and variadic ops, Softmax and LogSoftmax. */
final class ElementLowering {
  private ElementLowering() {}

  private static final Map<String, Integer> BINARY = Map.of("Add", BinaryCode.ADD, "Sub", BinaryCode.SUB,
      "Mul", BinaryCode.MUL, "Div", BinaryCode.DIV, "Pow", BinaryCode.POW, "Max", BinaryCode.MAX,
      "Min", BinaryCode.MIN, "PRelu", BinaryCode.PRELU, "Sum", BinaryCode.ADD, "Mean", BinaryCode.ADD);

  private static final Map<String, Integer> PLAIN_UNARY = Map.ofEntries(Map.entry("Relu", UnaryCode.RELU),
      Map.entry("Sigmoid", UnaryCode.SIGMOID), Map.entry("HardSwish", UnaryCode.HARD_SWISH),
      Map.entry("Tanh", UnaryCode.TANH), Map.entry("Softplus", UnaryCode.SOFTPLUS),
      Map.entry("Softsign", UnaryCode.SOFTSIGN), Map.entry("Neg", UnaryCode.NEG), Map.entry("Abs", UnaryCode.ABS),
      Map.entry("Sqrt", UnaryCode.SQRT), Map.entry("Exp", UnaryCode.EXP), Map.entry("Log", UnaryCode.LOG),
      Map.entry("Reciprocal", UnaryCode.RECIPROCAL), Map.entry("Floor", UnaryCode.FLOOR),
      Map.entry("Ceil", UnaryCode.CEIL));

  static boolean handles(String op) {
    return BINARY.containsKey(op) || PLAIN_UNARY.containsKey(op) || op.equals("Softmax")
        || op.equals("LogSoftmax") || unaryWithAttributes(op);
  }

  private static boolean unaryWithAttributes(String op) {
    return switch (op) {
      case "Clip", "LeakyRelu", "Elu", "Selu", "HardSigmoid" -> true;
      default -> false;
    };
  }

  /**
   * The function a single-input element-wise node applies, with its parameters (attribute defaults as in the
   * ONNX specification), or empty when it is not one.
   */
  static Optional<UnaryStep> unary(Node n, LoweringContext ctx, List<String> nodes) {
    String op = n.opType();
    int code;
    float a = 0;
    float b = 0;
    float g = 0;
    if (PLAIN_UNARY.containsKey(op)) {
      code = PLAIN_UNARY.get(op);
    } else {
      switch (op) {
        case "Clip" -> {
          code = UnaryCode.CLIP;
          a = n.hasInput(1) ? ctx.requireConstant(n, 1, "min").floats()[0] : Float.NEGATIVE_INFINITY;
          b = n.hasInput(2) ? ctx.requireConstant(n, 2, "max").floats()[0] : Float.POSITIVE_INFINITY;
        }
        case "LeakyRelu" -> {
          code = UnaryCode.LEAKY_RELU;
          a = n.floatAttr("alpha", 0.01f);
        }
        case "Elu" -> {
          code = UnaryCode.ELU;
          a = n.floatAttr("alpha", 1.0f);
        }
        case "Selu" -> {
          code = UnaryCode.SELU;
          a = n.floatAttr("alpha", 1.67326319217681884765625f);
          g = n.floatAttr("gamma", 1.05070102214813232421875f);
        }
        case "HardSigmoid" -> {
          code = UnaryCode.HARD_SIGMOID;
          a = n.floatAttr("alpha", 0.2f);
          b = n.floatAttr("beta", 0.5f);
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new UnaryStep(nodes, n.input(0), n.output(0), ctx.size(n.output(0)), code, a, b, g));
  }

  static List<Step> lower(Node n, LoweringContext ctx) {
    List<String> nodes = List.of(n.name());
    Optional<UnaryStep> u = unary(n, ctx, nodes);
    if (u.isPresent()) {
      return List.of(u.get());
    }
    if (n.opType().equals("Softmax") || n.opType().equals("LogSoftmax")) {
      int[] shape = ctx.shape(n.input(0));
      int axis = Shapes.normalizeAxis(n.intAttr("axis", -1), shape.length);
      return List.of(new SoftmaxStep(nodes, n.input(0), n.output(0), Shapes.product(shape, 0, axis), shape[axis],
          Shapes.product(shape, axis + 1, shape.length), n.opType().equals("LogSoftmax")));
    }
    return variadic(n, ctx, nodes);
  }

  /** A chain of two-operand launches (Sum, Mean, Max, Min take any number of inputs); Mean then scales. */
  private static List<Step> variadic(Node n, LoweringContext ctx, List<String> nodes) {
    int code = BINARY.get(n.opType());
    String out = n.output(0);
    int[] outShape = ctx.shape(out);
    int size = Shapes.size(outShape);
    List<String> operands = n.inputs().stream().filter(v -> !v.isEmpty()).toList();
    if (operands.size() < 2) {
      throw new Unsupported(operands.size() + " inputs (the Aparapi lowering takes two or more)");
    }
    boolean mean = n.opType().equals("Mean");
    List<Step> steps = new ArrayList<>();
    String acc = operands.get(0);
    for (int i = 1; i < operands.size(); i++) {
      boolean last = i == operands.size() - 1 && !mean;
      String target = last ? out : out + "#partial" + i;
      String b = operands.get(i);
      int[] accShape = i == 1 ? ctx.shape(acc) : outShape;
      steps.add(new BinaryStep(nodes, acc, b, target, size, code, Broadcasts.indexMap(outShape, accShape),
          Broadcasts.indexMap(outShape, ctx.shape(b))));
      acc = target;
    }
    if (mean) {
      steps.add(new UnaryStep(nodes, acc, out, size, UnaryCode.AFFINE, 1f / operands.size(), 0f, 0f));
    }
    return steps;
  }

  /** True for an element-wise op that a contraction kernel can apply to its result. */
  static boolean isActivation(Node n) {
    return PLAIN_UNARY.containsKey(n.opType()) || unaryWithAttributes(n.opType());
  }
}
