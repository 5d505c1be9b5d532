package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * TopK-11: the k largest (or smallest) elements along {@code axis} and their int64 indices, in
 * order; equal values keep the lower index first. With {@code sorted} = 0 the order is free: cnnx
 * returns them sorted all the same. The output shape needs k, so K must be known at compile time
 * for a device (a fed K is compiled for by value).
 */
public final class TopKOp implements OpDef {
  @Override
  public String opType() {
    return "TopK";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  public static int axis(Node node, int rank) {
    return IndexInputs.axis(node, node.intAttr("axis", -1), rank, "axis");
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (ctx.inputCount() != 2 || !ctx.hasInput(0) || !ctx.hasInput(1)) {
      throw node.invalid("expects inputs X and K");
    }
    if (node.outputs().size() != 2) {
      throw node.invalid("expects outputs Values and Indices, has " + node.outputs().size() + " outputs");
    }
    TensorType x = ctx.inputType(0);
    if (x.rank() == 0 || x.dtype() == DataType.BOOL) {
      throw node.invalid("X must be a numeric tensor of rank at least 1, is " + x);
    }
    int axis = axis(node, x.rank());
    long len = IndexInputs.length(ctx, 1, "K", IndexInputs.INT64);
    if (len >= 0 && len != 1) {
      throw node.invalid("K must hold one value, has " + len);
    }
    Dim k = IndexInputs.constant(ctx, 1, "K", IndexInputs.INT64)
        .map(v -> Dim.of(checkK(node, v[0], x.dim(axis)))).orElse(Dim.unknown());
    List<Dim> dims = new ArrayList<>(x.dims());
    dims.set(axis, k);
    return List.of(new TensorType(x.dtype(), dims), new TensorType(DataType.INT64, dims));
  }

  private static long checkK(Node node, long k, Dim axisDim) {
    if (k < 0 || axisDim.isKnown() && k > axisDim.value()) {
      throw node.invalid("K = " + k + " is out of range for an axis of size " + axisDim);
    }
    return k;
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    List<TensorType> types = inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs));
    Tensor x = inputs.get(0);
    int[] shape = x.shape();
    int axis = axis(node, shape.length);
    int k = (int) checkK(node, inputs.get(1).longs()[0], Dim.of(shape[axis]));
    int outer = Shapes.product(shape, 0, axis);
    int n = shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    boolean largest = node.intAttr("largest", 1) == 1;
    double[] v = Values.asDoubles(x);
    int[] outShape = shape.clone();
    outShape[axis] = k;
    long[] indices = new long[outer * k * inner];
    Object values = Elements.allocate(x.dtype(), indices.length);
    Object src = Elements.array(x);
    Integer[] order = new Integer[n];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        for (int m = 0; m < n; m++) {
          order[m] = m;
        }
        Comparator<Integer> byValue = Comparator.comparingDouble(m -> v[base + m * inner]);
        // A stable sort keeps equal values in index order.
        Arrays.sort(order, largest ? byValue.reversed() : byValue);
        for (int j = 0; j < k; j++) {
          int to = (o * k + j) * inner + i;
          indices[to] = order[j];
          System.arraycopy(src, base + order[j] * inner, values, to, 1);
        }
      }
    }
    return List.of(Elements.wrap(types.get(0).dtype(), outShape, values), Tensor.ofLongs(outShape, indices));
  }
}
