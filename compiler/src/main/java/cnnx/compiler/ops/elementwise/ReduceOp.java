package cnnx.compiler.ops.elementwise;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.verify.ToleranceClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reduce ops in their opset-18 form: {@code axes} an optional int64 input, {@code keepdims}
 * (default 1) and {@code noop_with_empty_axes} (default 0). Empty axes reduce every axis unless
 * noop_with_empty_axes is set; then each output element reduces the one-element set of its input
 * element (so ReduceSumSquare squares, ReduceL1 takes absolute values, as the spec defines).
 */
final class ReduceOp extends SingleOutputOp {
  private final Reduction reduction;

  ReduceOp(Reduction reduction) {
    super(reduction.opType(), OpCategory.REDUCE);
    this.reduction = reduction;
  }

  @Override
  ToleranceClass usualToleranceClass() {
    return reduction == Reduction.MAX || reduction == Reduction.MIN ? ToleranceClass.EXACT
        : ToleranceClass.ACCUMULATING;
  }

  private Set<DataType> spec() {
    boolean minMax = reduction == Reduction.MAX || reduction == Reduction.MIN;
    return minMax ? ElementTypes.NUMERIC_OR_BOOL : ElementTypes.NUMERIC;
  }

  private Set<DataType> implemented() {
    Set<DataType> s = EnumSet.copyOf(spec());
    if (!reduction.hasIntegerForm()) {
      s.retainAll(ElementTypes.FLOATING);
    }
    return s;
  }

  private static boolean flag(Node node, String attr, long defaultValue) {
    long v = node.intAttr(attr, defaultValue);
    if (v != 0 && v != 1) {
      throw node.invalid("attribute '" + attr + "' must be 0 or 1, is " + v);
    }
    return v == 1;
  }

  /** The reduced axes of an input of rank {@code rank}, given the axes values. */
  static boolean[] reducedAxes(Node node, long[] axes, int rank) {
    boolean[] reduced = new boolean[rank];
    if (axes.length == 0) {
      Arrays.fill(reduced, !flag(node, "noop_with_empty_axes", 0));
      return reduced;
    }
    for (long axis : axes) {
      int a = Shapes.normalizeAxis(axis, rank);
      if (a < 0) {
        throw node.invalid("axis " + axis + " is out of range for an input of rank " + rank);
      }
      if (reduced[a]) {
        throw node.invalid("axis " + axis + " is given twice in axes " + Arrays.toString(axes));
      }
      reduced[a] = true;
    }
    return reduced;
  }

  /**
   * The axes values: none when the input is omitted or known to be empty; an empty Optional when
   * they are known only at run time.
   */
  private static Optional<long[]> axes(InferenceContext ctx) {
    if (!ctx.hasInput(1)) {
      return Optional.of(new long[0]);
    }
    TensorType t = ctx.inputType(1);
    if (t.dtype() != DataType.INT64) {
      throw ctx.node().invalid("axes has element type " + t.dtype() + ", must be INT64");
    }
    if (t.rank() > 1) {
      throw ctx.node().invalid("axes must be 1-D, has shape " + t);
    }
    Optional<long[]> values = ctx.constant(1).map(c -> c.longs().clone());
    boolean knownEmpty = t.rank() == 1 && t.dim(0).isKnown() && t.dim(0).value() == 0;
    return values.isEmpty() && knownEmpty ? Optional.of(new long[0]) : values;
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    requireInputs(ctx, 1, 2);
    Node node = ctx.node();
    TensorType x = ctx.inputType(0);
    ElementTypes.require(node, "input", x.dtype(), spec(), implemented());
    boolean keep = flag(node, "keepdims", 1);
    flag(node, "noop_with_empty_axes", 0);
    Optional<long[]> axes = axes(ctx);
    List<Dim> dims = new ArrayList<>();
    if (axes.isPresent()) {
      boolean[] reduced = reducedAxes(node, axes.get(), x.rank());
      for (int i = 0; i < x.rank(); i++) {
        if (!reduced[i]) {
          dims.add(x.dim(i));
        } else if (keep) {
          dims.add(Dim.of(1));
        }
      }
      return new TensorType(x.dtype(), dims);
    }
    // Axes known only at run time: which dims go is unknown, only dims of size 1 are certain.
    TensorType axesType = ctx.inputType(1);
    if (keep) {
      for (Dim d : x.dims()) {
        dims.add(d.isKnown() && d.value() == 1 ? d : Dim.unknown());
      }
      return new TensorType(x.dtype(), dims);
    }
    Dim count = axesType.rank() == 0 ? Dim.of(1) : axesType.dim(0);
    if (!count.isKnown()) {
      throw new UnsupportedModelException(node.describe()
          + ": with keepdims=0 the axes input must be a constant or of known length");
    }
    if (count.value() > x.rank()) {
      throw node.invalid(count.value() + " axes for an input of rank " + x.rank());
    }
    for (int i = 0; i < x.rank() - count.value(); i++) {
      dims.add(Dim.unknown());
    }
    return new TensorType(x.dtype(), dims);
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    Tensor x = inputs.get(0);
    Tensor axesTensor = inputs.size() > 1 ? inputs.get(1) : null;
    long[] axes = axesTensor == null ? new long[0] : axesTensor.longs();
    boolean[] reduced = reducedAxes(node, axes, x.rank());
    int[] in = x.shape();
    int[] kept = in.clone();
    int count = 1;
    for (int i = 0; i < in.length; i++) {
      if (reduced[i]) {
        kept[i] = 1;
        count *= in[i];
      }
    }
    // For each input element, the output element it is reduced into.
    int[] map = Broadcast.indexMapOrNull(kept, in);
    int outN = Shapes.size(shape);
    return x.isFloating()
        ? Tensor.ofFloats(dtype, shape, reduceFloats(x.floats(), map, outN, count))
        : Tensor.ofLongs(dtype, shape, reduceLongs(node, dtype, x.longs(), map, outN, count));
  }

  private float[] reduceFloats(float[] x, int[] map, int outN, int count) {
    double[] acc = new double[outN];
    float[] out = new float[outN];
    if (reduction == Reduction.LOG_SUM_EXP) {
      // log(sum(exp(x))) = m + log(sum(exp(x - m))) with m the maximum, so exp cannot overflow.
      double[] max = new double[outN];
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < x.length; i++) {
        int o = Broadcast.at(map, i);
        max[o] = Math.max(max[o], x[i]);
      }
      for (int i = 0; i < x.length; i++) {
        int o = Broadcast.at(map, i);
        acc[o] += Math.exp(x[i] - max[o]);
      }
      for (int o = 0; o < outN; o++) {
        out[o] = (float) (Double.isInfinite(max[o]) ? max[o] : max[o] + Math.log(acc[o]));
      }
      return out;
    }
    Arrays.fill(acc, reduction.identity());
    for (int i = 0; i < x.length; i++) {
      int o = Broadcast.at(map, i);
      acc[o] = reduction.combine(acc[o], reduction.transform((double) x[i]));
    }
    for (int o = 0; o < outN; o++) {
      out[o] = (float) reduction.finish(acc[o], count);
    }
    return out;
  }

  private long[] reduceLongs(Node node, DataType dtype, long[] x, int[] map, int outN, int count) {
    long init = reduction.identity(dtype);
    long[] acc = new long[outN];
    Arrays.fill(acc, init);
    for (int i = 0; i < x.length; i++) {
      int o = Broadcast.at(map, i);
      acc[o] = reduction.combine(acc[o], reduction.transform(x[i]));
    }
    for (int o = 0; o < outN; o++) {
      if (reduction == Reduction.MEAN) {
        if (count == 0) {
          throw node.invalid("the mean of an empty set of integers is undefined");
        }
        acc[o] /= count;
      }
      acc[o] = ElementTypes.wrap(dtype, acc[o]);
    }
    return acc;
  }
}
