package cnnx.compiler.ops.tensor;

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
import java.util.List;
import java.util.Optional;

/** Expand: broadcasts the input and {@code shape} against each other (numpy rules, both ways). */
final class ExpandOp implements OpDef {
  @Override
  public String opType() {
    return "Expand";
  }

  @Override
  public OpCategory category() {
    return OpCategory.BROADCAST;
  }

  static List<Dim> outputDims(Node node, List<Dim> in, long[] shape) {
    int rank = Math.max(in.size(), shape.length);
    List<Dim> out = new ArrayList<>(rank);
    for (int k = 0; k < rank; k++) {
      int i = k - (rank - in.size());
      int s = k - (rank - shape.length);
      Dim a = i >= 0 ? in.get(i) : Dim.of(1);
      if (s >= 0 && shape[s] < 0) {
        throw node.invalid("shape " + Arrays.toString(shape) + " has a negative entry");
      }
      Dim b = s >= 0 ? Dims.known(node, shape[s], "shape entry") : Dim.of(1);
      if (Dims.isOne(b)) {
        out.add(a);
      } else if (Dims.isOne(a)) {
        out.add(b);
      } else if (a.isKnown() && a.value() != b.value()) {
        throw node.invalid("input dims " + in + " do not broadcast with shape " + Arrays.toString(shape));
      } else {
        out.add(b);
      }
    }
    return out;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType x = ctx.inputType(0);
    Optional<long[]> shape = IndexInputs.constant(ctx, 1, "shape", IndexInputs.INT64);
    if (shape.isPresent()) {
      return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims(), shape.get())));
    }
    int rank = Math.max(IndexInputs.rankFixingLength(ctx, 1, "shape"), x.rank());
    return List.of(new TensorType(x.dtype(), Dims.unknown(rank)));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    long[] shape = IndexInputs.values(node, inputs.get(1), "shape", IndexInputs.INT64);
    int[] outShape = Dims.toShape(outputDims(node, Dims.of(x.shape()), shape));
    int[] strides = Shapes.strides(x.shape());
    int lead = outShape.length - x.rank();
    int[][] offsets = new int[outShape.length][];
    for (int k = 0; k < outShape.length; k++) {
      int i = k - lead;
      boolean broadcast = i < 0 || x.dim(i) == 1;
      offsets[k] = Remap.strided(outShape[k], 0, broadcast ? 0 : 1, broadcast ? 0 : strides[i]);
    }
    return List.of(Remap.apply(x, outShape, offsets, null));
  }
}
