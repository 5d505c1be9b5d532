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

/** Tile: repeats the input {@code repeats[k]} times along each axis k. */
final class TileOp implements OpDef {
  @Override
  public String opType() {
    return "Tile";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  static List<Dim> outputDims(Node node, List<Dim> in, long[] repeats) {
    if (repeats.length != in.size()) {
      throw node.invalid("repeats " + Arrays.toString(repeats) + " has " + repeats.length
          + " entries for an input of rank " + in.size());
    }
    List<Dim> out = new ArrayList<>(in.size());
    for (int k = 0; k < repeats.length; k++) {
      if (repeats[k] < 0) {
        throw node.invalid("repeats " + Arrays.toString(repeats) + " has a negative entry");
      }
      Dim d = in.get(k);
      if (repeats[k] == 1) {
        out.add(d);
      } else if (repeats[k] == 0) {
        out.add(Dim.of(0));
      } else {
        out.add(d.isKnown() ? Dims.known(node, Dims.multiply(node, d.value(), repeats[k]), "tiled dim") : Dim.unknown());
      }
    }
    return out;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType x = ctx.inputType(0);
    long len = IndexInputs.length(ctx, 1, "repeats", IndexInputs.INT64);
    if (len >= 0 && len != x.rank()) {
      throw ctx.node().invalid("repeats has " + len + " entries for an input of rank " + x.rank());
    }
    Optional<long[]> repeats = IndexInputs.constant(ctx, 1, "repeats", IndexInputs.INT64);
    return List.of(new TensorType(x.dtype(), repeats.isPresent()
        ? outputDims(ctx.node(), x.dims(), repeats.get())
        : Dims.unknown(x.rank())));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    long[] repeats = IndexInputs.values(node, inputs.get(1), "repeats", IndexInputs.INT64);
    int[] outShape = Dims.toShape(outputDims(node, Dims.of(x.shape()), repeats));
    int[] strides = Shapes.strides(x.shape());
    int[][] offsets = new int[outShape.length][];
    for (int k = 0; k < outShape.length; k++) {
      offsets[k] = new int[outShape[k]];
      for (int o = 0; o < outShape[k]; o++) {
        offsets[k][o] = (o % x.dim(k)) * strides[k];
      }
    }
    return List.of(Remap.apply(x, outShape, offsets, null));
  }
}
