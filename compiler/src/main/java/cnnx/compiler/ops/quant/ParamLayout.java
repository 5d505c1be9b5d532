package cnnx.compiler.ops.quant;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;

/**
 * How a scale or zero-point tensor maps onto the elements it applies to: per tensor (one value),
 * per axis (a vector along {@code axis}) or blocked (same rank, {@code blockSize} elements along
 * {@code axis} per value), as QuantizeLinear and DequantizeLinear define them.
 */
public record ParamLayout(int axis, int blockSize, boolean perTensor) {
  /** Checks {@code param}'s shape against {@code x}'s and the node's axis/block_size attributes. */
  static ParamLayout of(Node node, TensorType x, TensorType param, String what) {
    int r = x.rank();
    long axisAttr = node.intAttr("axis", 1);
    long block = node.intAttr("block_size", 0);
    if (block < 0) {
      throw node.invalid("block_size must not be negative, is " + block);
    }
    boolean scalar = param.rank() == 0
        || (param.rank() == 1 && param.dim(0).isKnown() && param.dim(0).value() == 1);
    if (scalar && block == 0) {
      return new ParamLayout(0, 0, true);
    }
    int axis = normalized(node, axisAttr, r);
    if (block == 0) {
      if (param.rank() != 1) {
        throw node.invalid(what + " must be a scalar or a vector along axis " + axis + ", has type " + param);
      }
      check(node, x.dim(axis), param.dim(0), what + " length", x);
      return new ParamLayout(axis, 0, false);
    }
    if (param.rank() != r) {
      throw node.invalid(what + " must have rank " + r + " for blocked quantization, has type " + param);
    }
    for (int i = 0; i < r; i++) {
      Dim xd = x.dim(i);
      Dim expected = i != axis ? xd : xd.isKnown() ? Dim.of((xd.value() + block - 1) / block) : Dim.unknown();
      check(node, expected, param.dim(i), what + " dim " + i, x);
    }
    return new ParamLayout(axis, (int) block, false);
  }

  private static int normalized(Node node, long axis, int r) {
    if (axis < -r || axis >= Math.max(r, 1)) {
      throw node.invalid("axis " + axis + " is out of range for rank " + r);
    }
    return (int) (axis < 0 ? axis + r : axis);
  }

  private static void check(Node node, Dim expected, Dim actual, String what, TensorType x) {
    if (expected.isKnown() && actual.isKnown() && expected.value() != actual.value()) {
      throw node.invalid(what + " is " + actual.value() + ", expected " + expected.value() + " for X of type " + x);
    }
  }

  /** For each element of a tensor of shape {@code xShape}, the index of its parameter. */
  public int[] indices(int[] xShape) {
    int n = 1;
    for (int d : xShape) {
      n *= d;
    }
    int[] idx = new int[n];
    if (perTensor) {
      return idx;
    }
    int inner = 1;
    for (int i = axis + 1; i < xShape.length; i++) {
      inner *= xShape[i];
    }
    int d = xShape[axis];
    int blocks = blockSize == 0 ? d : (d + blockSize - 1) / blockSize;
    for (int i = 0; i < n; i++) {
      int c = (i / inner) % d;
      if (blockSize == 0) {
        idx[i] = c;
      } else {
        int outer = i / (inner * d);
        idx[i] = (outer * blocks + c / blockSize) * inner + i % inner;
      }
    }
    return idx;
  }
}
