package cnnx.compiler.onnx;

import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * BatchNormalization-14/15 with training_mode=1, written out in ordinary ops so that every device
 * runs it: the statistics are the batch's own, over every axis but the channel axis (1),
 *
 * <pre>
 *   mean = ReduceMean(X), var = ReduceMean((X - mean)^2)        (population variance)
 *   Y = (X - mean) / sqrt(var + epsilon) * scale + B
 *   running_mean = input_mean * momentum + mean * (1 - momentum)
 *   running_var  = input_var  * momentum + var  * (1 - momentum)
 * </pre>
 *
 * The reduction axes [0, 2, ..., rank - 1] come from X's shape at run time (folded when it is
 * known). Epsilon and momentum take the declared element type of X and of input_mean, float
 * where undeclared; mixed element types meet a typed error in the element-wise ops.
 */
final class TrainingBatchNorm {
  private TrainingBatchNorm() {}

  static List<Node> expand(Node n, CanonicalContext ctx) {
    String p = n.name();
    String x = n.input(0);
    float epsilon = n.floatAttr("epsilon", 1e-5f);
    float momentum = n.floatAttr("momentum", 0.9f);
    DataType xType = ctx.declaredType(x).map(TensorType::dtype).orElse(DataType.FLOAT);
    DataType statType = ctx.declaredType(n.input(3)).map(TensorType::dtype).orElse(DataType.FLOAT);
    List<Node> out = new ArrayList<>();
    String shape = add(out, ctx, p, "Shape", List.of(x));
    String rank = add(out, ctx, p, "Size", List.of(shape));
    String tail = add(out, ctx, p, "Range", List.of(ctx.addConstant(p + "/two", Tensor.scalarLong(2)), rank,
        ctx.addConstant(p + "/one", Tensor.scalarLong(1))));
    String axes = add(out, ctx, p, "Concat", List.of(ctx.addConstant(p + "/batch_axis", Tensor.vector(0)), tail),
        Attribute.ofInt("axis", 0));
    String mean = add(out, ctx, p, "ReduceMean", List.of(x, axes));
    String centred = add(out, ctx, p, "Sub", List.of(x, mean));
    String squared = add(out, ctx, p, "Mul", List.of(centred, centred));
    String var = add(out, ctx, p, "ReduceMean", List.of(squared, axes));
    String shifted = add(out, ctx, p, "Add", List.of(var, ctx.addConstant(p + "/epsilon", scalar(xType, epsilon))));
    String std = add(out, ctx, p, "Sqrt", List.of(shifted));
    String normalized = add(out, ctx, p, "Div", List.of(centred, std));
    String statShape = add(out, ctx, p, "Shape", List.of(mean));
    String scale = add(out, ctx, p, "Reshape", List.of(n.input(1), statShape));
    String bias = add(out, ctx, p, "Reshape", List.of(n.input(2), statShape));
    String scaled = add(out, ctx, p, "Mul", List.of(normalized, scale));
    out.add(Node.of(p, "Add", List.of(scaled, bias), List.of(n.output(0)), List.of()));
    String keep = null;
    String take = null;
    String flat = null;
    for (int i = 1; i <= 2 && i < n.outputs().size(); i++) {
      if (n.output(i).isEmpty()) {
        continue;
      }
      if (keep == null) {
        keep = ctx.addConstant(p + "/momentum", scalar(statType, momentum));
        take = ctx.addConstant(p + "/one_minus_momentum", scalar(statType, 1 - momentum));
        flat = ctx.addConstant(p + "/flat", Tensor.vector(-1));
      }
      String batch = add(out, ctx, p, "Reshape", List.of(i == 1 ? mean : var, flat));
      String kept = add(out, ctx, p, "Mul", List.of(n.input(2 + i), keep));
      String taken = add(out, ctx, p, "Mul", List.of(batch, take));
      out.add(Node.of(p + "/running_" + (i == 1 ? "mean" : "var"), "Add", List.of(kept, taken),
          List.of(n.output(i)), List.of()));
    }
    return out;
  }

  /** Adds a node of one fresh output named after the op; returns that output. */
  private static String add(List<Node> nodes, CanonicalContext ctx, String prefix, String op, List<String> inputs,
      Attribute... attrs) {
    String value = ctx.freshName(prefix + "/" + op);
    nodes.add(Node.of(value, op, inputs, List.of(value), List.of(attrs)));
    return value;
  }

  private static Tensor scalar(DataType t, float v) {
    return Tensor.ofFloats(t, new int[0], new float[] {t.round(v)});
  }
}
