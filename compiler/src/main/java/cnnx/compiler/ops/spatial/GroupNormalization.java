package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/**
 * GroupNormalization-21: the C channels of each sample split into num_groups groups, each group
 * (with all its spatial elements) normalised by its own mean and variance, then
 * {@code * scale[c] + bias[c]}. Opset 18's form, with one scale and bias per group, is marked by
 * the importer with {@link #PER_GROUP}.
 */
public final class GroupNormalization implements OpDef {
  /** Set (to 1) on nodes from opsets before 21, whose scale and bias have one entry per group. */
  public static final String PER_GROUP = "cnnx.per_group_affine";

  @Override
  public String opType() {
    return "GroupNormalization";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  public static long groups(Node node) {
    if (!node.has("num_groups")) {
      throw node.invalid("attribute 'num_groups' is required");
    }
    long g = node.intAttr("num_groups", 0);
    if (g <= 0) {
      throw node.invalid("num_groups must be positive, is " + g);
    }
    return g;
  }

  public static boolean perGroup(Node node) {
    return node.intAttr(PER_GROUP, 0) == 1;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 3, 3);
    Checks.outputs(node, 1);
    TensorType x = Checks.floating(ctx, 0, "X");
    Checks.minRank(node, x, 2, "X (N x C x ...)");
    long groups = groups(node);
    long channels = Checks.known(x.dim(1));
    if (channels >= 0 && channels % groups != 0) {
      throw node.invalid("the " + channels + " channels cannot be split into " + groups + " groups");
    }
    Checks.perChannel(ctx, 1, new String[] {"scale", "bias"}, perGroup(node) ? groups : channels);
    if (node.intAttr("stash_type", 1) != 1) {
      throw new cnnx.compiler.error.UnsupportedModelException(node.describe() + ": stash_type "
          + node.intAttr("stash_type", 1) + " is not supported (float32 statistics only)");
    }
    return List.of(x);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    Tensor x = inputs.get(0);
    int[] shape = x.shape();
    int channels = shape[1];
    int groups = (int) groups(node);
    int spatial = Shapes.size(shape) / Math.max(1, shape[0] * channels);
    int inner = channels / groups * spatial;
    int perGroup = channels / groups;
    boolean byGroup = perGroup(node);
    float[] y = RowNormalization.normalize(x.floats(), inner, node.floatAttr("epsilon", 1e-5f),
        inputs.get(1).floats(), inputs.get(2).floats(), i -> {
          int c = spatial == 0 ? 0 : (i / spatial) % channels;
          return byGroup ? c / perGroup : c;
        }, null, null);
    return List.of(Tensor.ofFloats(type.dtype(), shape, y));
  }
}
