package cnnx.compiler.ops.tensor;

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

/** Unsqueeze: inserts size-1 axes at the listed positions of the output. */
final class UnsqueezeOp implements OpDef {
  @Override
  public String opType() {
    return "Unsqueeze";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  static List<Dim> outputDims(Node node, List<Dim> in, long[] axes) {
    int rank = in.size() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (int a : IndexInputs.axes(node, axes, rank, "axes")) {
      inserted[a] = true;
    }
    List<Dim> out = new ArrayList<>(rank);
    int next = 0;
    for (int i = 0; i < rank; i++) {
      out.add(inserted[i] ? Dim.of(1) : in.get(next++));
    }
    return out;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType x = ctx.inputType(0);
    Optional<long[]> axes = IndexInputs.constant(ctx, 1, "axes", IndexInputs.INT64);
    if (axes.isPresent()) {
      return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims(), axes.get())));
    }
    int rank = x.rank() + IndexInputs.rankFixingLength(ctx, 1, "axes");
    return List.of(new TensorType(x.dtype(), Dims.unknown(rank)));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    long[] axes = IndexInputs.values(node, inputs.get(1), "axes", IndexInputs.INT64);
    return List.of(x.reshape(Dims.toShape(outputDims(node, Dims.of(x.shape()), axes))));
  }
}
