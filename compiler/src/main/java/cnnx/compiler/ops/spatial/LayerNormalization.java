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
import cnnx.compiler.ops.elementwise.Broadcast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LayerNormalization-17: the dims from {@code axis} on normalised together, then {@code * Scale + B}
 * with Scale and B broadcast to those dims; optional outputs Mean and InvStdDev, shaped like X with
 * the normalised dims set to 1.
 */
public final class LayerNormalization implements OpDef {
  @Override
  public String opType() {
    return "LayerNormalization";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  /** The axis, resolved against the rank. */
  public static int axis(Node node, int rank) {
    long a = node.intAttr("axis", -1);
    if (a < -rank || a >= rank) {
      throw node.invalid("axis " + a + " is out of range for rank " + rank);
    }
    return (int) (a < 0 ? a + rank : a);
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 2, 3);
    Checks.outputs(node, 3);
    TensorType x = Checks.floating(ctx, 0, "X");
    Checks.minRank(node, x, 1, "X");
    int axis = axis(node, x.rank());
    TensorType normalized = new TensorType(x.dtype(), x.dims().subList(axis, x.rank()));
    Broadcast.requireUnidirectional(node, "Scale", Checks.floating(ctx, 1, "Scale"), normalized);
    if (ctx.hasInput(2)) {
      Broadcast.requireUnidirectional(node, "B", Checks.floating(ctx, 2, "B"), normalized);
    }
    long stash = node.intAttr("stash_type", 1);
    if (stash != 1) {
      throw new cnnx.compiler.error.UnsupportedModelException(node.describe() + ": stash_type " + stash
          + " is not supported (float32 statistics only)");
    }
    List<Dim> statDims = new ArrayList<>(x.dims().subList(0, axis));
    for (int i = axis; i < x.rank(); i++) {
      statDims.add(Dim.of(1));
    }
    TensorType stats = new TensorType(DataType.FLOAT, statDims);
    return List.of(x, stats, stats);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    List<TensorType> types = inferTypes(new ConcreteContext(node, inputs));
    Tensor x = inputs.get(0);
    int axis = axis(node, x.rank());
    int[] normalized = Arrays.copyOfRange(x.shape(), axis, x.rank());
    int inner = Shapes.size(normalized);
    float[] scale = expand(inputs.get(1), normalized);
    float[] bias = inputs.size() > 2 && inputs.get(2) != null ? expand(inputs.get(2), normalized) : null;
    int rows = inner == 0 ? 0 : x.size() / inner;
    float[] means = new float[rows];
    float[] invStd = new float[rows];
    float[] y = RowNormalization.normalize(x.floats(), inner, node.floatAttr("epsilon", 1e-5f), scale, bias,
        i -> i % inner, means, invStd);
    return List.of(Tensor.ofFloats(types.get(0).dtype(), x.shape(), y),
        Tensor.ofFloats(types.get(1).shape(), means), Tensor.ofFloats(types.get(2).shape(), invStd));
  }

  /** t broadcast to shape, materialised. */
  private static float[] expand(Tensor t, int[] shape) {
    int[] map = Broadcast.indexMapOrNull(t.shape(), shape);
    float[] v = t.floats();
    float[] out = new float[Shapes.size(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] = v[Broadcast.at(map, i)];
    }
    return out;
  }
}
