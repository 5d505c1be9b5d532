package cnnx.compiler.ops.tensor;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Squeeze: drops the listed axes (each of size 1), or every size-1 axis when no axes are given. */
final class SqueezeOp implements OpDef {
  @Override
  public String opType() {
    return "Squeeze";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /** The output dims; {@code axes} null means all axes of size 1. */
  static List<Dim> outputDims(Node node, List<Dim> in, long[] axes) {
    boolean[] drop = new boolean[in.size()];
    if (axes == null) {
      for (int i = 0; i < in.size(); i++) {
        if (!in.get(i).isKnown()) {
          throw new UnsupportedModelException(node.describe()
              + ": without axes the output rank depends on dim " + i + " (" + in.get(i) + "), which is not known");
        }
        drop[i] = in.get(i).value() == 1;
      }
    } else {
      for (int a : IndexInputs.axes(node, axes, in.size(), "axes")) {
        Dim d = in.get(a);
        if (d.isKnown() && d.value() != 1) {
          throw node.invalid("cannot squeeze axis " + a + " of size " + d.value());
        }
        drop[a] = true;
      }
    }
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      if (!drop[i]) {
        out.add(in.get(i));
      }
    }
    return out;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 2);
    TensorType x = ctx.inputType(0);
    if (!ctx.hasInput(1)) {
      return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims(), null)));
    }
    long len = IndexInputs.length(ctx, 1, "axes", IndexInputs.INT64);
    Optional<long[]> axes = IndexInputs.constant(ctx, 1, "axes", IndexInputs.INT64);
    if (axes.isPresent()) {
      return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims(), axes.get())));
    }
    if (len < 0 || len > x.rank()) {
      throw new UnsupportedModelException(ctx.node().describe()
          + ": the output rank depends on axes that are not known at compile time");
    }
    return List.of(new TensorType(x.dtype(), Dims.unknown(x.rank() - (int) len)));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    long[] axes = IndexInputs.optionalValues(node, inputs.size() > 1 ? inputs.get(1) : null, "axes",
        IndexInputs.INT64);
    return List.of(x.reshape(Dims.toShape(outputDims(node, Dims.of(x.shape()), axes))));
  }
}
