package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.verify.ToleranceClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * MaxUnpool-11: a zero tensor with each X element written at its flat index from I (as MaxPool's
 * Indices output gives it). The output is N x C x ((in-1)*stride + kernel - pads) unless the
 * optional output_shape input names the full shape.
 */
final class MaxUnpool implements OpDef {
  @Override
  public String opType() {
    return "MaxUnpool";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  /** Only moves values. */
  @Override
  public ToleranceClass toleranceClass() {
    return ToleranceClass.EXACT;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 2, 3);
    Checks.outputs(node, 1);
    TensorType x = Checks.floating(ctx, 0, "X");
    int r = Checks.spatialRank(node, x, Integer.MAX_VALUE);
    TensorType ind = ctx.inputType(1);
    if (ind.dtype() != DataType.INT64) {
      throw node.invalid("I must be int64, is " + ind);
    }
    Checks.rank(node, ind, x.rank(), "I (same shape as X)");
    for (int i = 0; i < x.rank(); i++) {
      Checks.dim(node, ind.dim(i), Checks.known(x.dim(i)), "dim " + i + " of I (same shape as X)");
    }
    long[] kernel = WindowGeometry.kernelShape(node, r, true);
    long[] strides = WindowGeometry.positive(node, "strides", r);
    long[] pads = WindowGeometry.pads(node, r, AutoPad.NOTSET);
    long[] in = Checks.dims(x, 2);
    List<Dim> dims = new ArrayList<>(List.of(x.dim(0), x.dim(1)));
    for (int i = 0; i < r; i++) {
      long o;
      try {
        o = in[i] < 0 ? -1
            : Math.subtractExact(Math.subtractExact(Math.addExact(Math.multiplyExact(in[i] - 1, strides[i]),
                kernel[i]), pads[i]), pads[i + r]);
      } catch (ArithmeticException e) {
        throw node.invalid("window attributes overflow: " + e.getMessage());
      }
      if (in[i] >= 0 && o < 1) {
        throw node.invalid("output size along spatial axis " + i + " would be " + o);
      }
      dims.add(Checks.dimOf(o));
    }
    if (!ctx.hasInput(2)) {
      return List.of(Checks.type(x, dims));
    }
    TensorType shapeType = ctx.inputType(2);
    if (shapeType.dtype() != DataType.INT64) {
      throw node.invalid("output_shape must be int64, is " + shapeType);
    }
    Checks.rank(node, shapeType, 1, "output_shape");
    Checks.dim(node, shapeType.dim(0), x.rank(), "the length of output_shape (rank of X)");
    Optional<Tensor> shape = ctx.constant(2);
    List<Dim> given = new ArrayList<>(List.of(x.dim(0), x.dim(1)));
    for (int i = 0; i < r; i++) {
      given.add(Dim.unknown());
    }
    if (shape.isPresent()) {
      long[] s = shape.get().longs();
      for (int i = 0; i < s.length; i++) {
        if (s[i] < 1 || (i < 2 && x.dim(i).isKnown() && s[i] != x.dim(i).value())) {
          throw node.invalid("output_shape " + Arrays.toString(s) + " does not fit X of type " + x);
        }
        if (i >= 2) {
          given.set(i, Dim.of(s[i]));
        }
      }
    }
    return List.of(Checks.type(x, given));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    int[] outShape = inferTypes(new ConcreteContext(node, inputs)).get(0).shape();
    Tensor x = inputs.get(0);
    long[] ind = inputs.get(1).longs();
    float[] xs = x.floats();
    float[] y = new float[Shapes.size(outShape)];
    for (int i = 0; i < xs.length; i++) {
      long at = ind[i];
      if (at < 0 || at >= y.length) {
        throw node.invalid("index " + at + " in I is outside the output of " + y.length + " elements (out of range)");
      }
      y[(int) at] = xs[i];
    }
    return List.of(Tensor.ofFloats(x.dtype(), outShape, y));
  }
}
