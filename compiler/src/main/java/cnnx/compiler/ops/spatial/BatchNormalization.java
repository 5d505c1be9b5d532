package cnnx.compiler.ops.spatial;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.AttributeDefaults;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.verify.ToleranceClass;
import java.util.List;
import java.util.stream.IntStream;

/**
 * BatchNormalization-15 in inference form: {@code (x - mean) / sqrt(var + epsilon) * scale + B}
 * per channel (dim 1), with the running statistics given as inputs.
 */
final class BatchNormalization implements OpDef {
  private static final AttributeDefaults DEFAULTS = AttributeDefaults.NONE.withFloat("epsilon", 1e-5f);

  private static final String[] PARAMS = {"scale", "B", "input_mean", "input_var"};

  @Override
  public String opType() {
    return "BatchNormalization";
  }

  @Override
  public OpCategory category() {
    return OpCategory.BROADCAST;
  }

  @Override
  public AttributeDefaults attributeDefaults() {
    return DEFAULTS;
  }

  /** Scale and shift folded from mean, variance and epsilon round differently than the reference. */
  @Override
  public ToleranceClass toleranceClass() {
    return ToleranceClass.ACCUMULATING;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 5, 5);
    if (node.intAttr("training_mode", 0) != 0) {
      throw new UnsupportedModelException(node.describe() + ": training mode is not supported");
    }
    for (int i = 1; i < node.outputs().size(); i++) {
      if (!node.output(i).isEmpty()) {
        throw new UnsupportedModelException(node.describe()
            + ": training outputs (running statistics) are not supported");
      }
    }
    Checks.outputs(node, 3);
    TensorType x = Checks.floating(ctx, 0, "X");
    Checks.minRank(node, x, 2, "X (N x C x ...)");
    Checks.perChannel(ctx, 1, PARAMS, Checks.known(x.dim(1)));
    return List.of(x);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    double epsilon = DEFAULTS.floatAttr(node, "epsilon");
    Tensor x = inputs.get(0);
    float[] xs = x.floats();
    float[] scale = inputs.get(1).floats();
    float[] bias = inputs.get(2).floats();
    float[] mean = inputs.get(3).floats();
    float[] var = inputs.get(4).floats();
    int[] shape = x.shape();
    int channels = shape[1];
    int inner = xs.length == 0 ? 0 : xs.length / (shape[0] * channels);
    float[] y = new float[xs.length];
    IntStream.range(0, shape[0] * channels).parallel().forEach(plane -> {
      int ch = plane % channels;
      double factor = scale[ch] / Math.sqrt((double) var[ch] + epsilon);
      int base = plane * inner;
      for (int i = 0; i < inner; i++) {
        y[base + i] = (float) ((xs[base + i] - (double) mean[ch]) * factor + bias[ch]);
      }
    });
    return List.of(Tensor.ofFloats(type.dtype(), shape, y));
  }
}
