package cnnx.compiler.codegen.elementwise;

import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.TensorType;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import java.util.List;

/**
 * Softmax and LogSoftmax over a long axis (class scores) with one work-item per slice: the element
 * kernel scans the whole slice for every element it writes (1000 classes: a million exponentials).
 * The scans run in the same order as the element kernel's, so the results are the same floats.
 */
public final class RowSoftmax {
  /** Below this axis length the element kernel's rescans cost less than losing its parallelism. */
  static final int MIN_LENGTH = 64;

  private RowSoftmax() {}

  /** Lowers the node when it fits (float Softmax/LogSoftmax, a long axis) and says whether it did. */
  public static boolean lower(Node node, LoweringContext ctx) {
    boolean log = node.opType().equals("LogSoftmax");
    if (!log && !node.opType().equals("Softmax")) {
      return false;
    }
    TensorType t = ctx.graph().typeOf(node.output(0)).orElse(null);
    if (t == null || !t.isStatic() || t.dtype() != DataType.FLOAT
        || ctx.graph().typeOf(node.input(0)).map(TensorType::dtype).orElse(null) != DataType.FLOAT) {
      return false;
    }
    int[] shape = t.shape();
    int axis = Shapes.normalizeAxis(node.intAttr("axis", -1), shape.length);
    if (axis < 0 || shape[axis] < MIN_LENGTH) {
      return false;
    }
    long len = shape[axis];
    long inner = Shapes.product(shape, axis + 1, shape.length);
    long slices = Shapes.product(shape, 0, axis) * inner;
    if (slices == 0) {
      return true;
    }
    String name = ctx.kernelName((log ? "logsoftmax" : "softmax") + "_rows");
    String at = "[k * " + inner + "L]";
    String loop = "  for (long k = 0; k < " + len + "L; k++) ";
    String src = "__kernel void " + name + "(const __global float* restrict x, __global float* restrict y) {\n"
        + "  const long s = get_global_id(0);\n"
        + "  const long base = (s / " + inner + "L) * " + (len * inner) + "L + s % " + inner + "L;\n"
        + "  const __global float* xs = x + base;\n"
        + "  __global float* ys = y + base;\n"
        + "  float m = -INFINITY;\n"
        + loop + "{ const float t = xs" + at + "; if (t > m) { m = t; } }\n"
        + "  float sum = 0.0f;\n"
        + loop + "{ sum += exp(xs" + at + " - m); }\n"
        + loop + "{ const float sh = xs" + at + " - m; ys" + at + " = "
        + (log ? "sh - log(sum)" : "exp(sh) / sum") + "; }\n"
        + "}\n";
    int out = ctx.buffer(node.output(0));
    ctx.launch(name, ctx.program(new KernelSource(src, "")),
        List.of(new KernelArg.Buffer(ctx.buffer(node.input(0))), new KernelArg.Buffer(out)),
        new long[] {slices}, null, node.sourceNodes(), List.of(out),
        "one work-item per slice of " + len + " along axis " + axis);
    return true;
  }
}
