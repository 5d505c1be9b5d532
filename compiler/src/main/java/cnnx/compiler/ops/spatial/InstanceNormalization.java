package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.AttributeDefaults;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;
import java.util.stream.IntStream;

/**
 * InstanceNormalization-6: each N x C plane normalised by its own mean and (population) variance,
 * then {@code * scale[c] + B[c]}.
 */
final class InstanceNormalization implements OpDef {
  private static final AttributeDefaults DEFAULTS = AttributeDefaults.NONE.withFloat("epsilon", 1e-5f);

  @Override
  public String opType() {
    return "InstanceNormalization";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public AttributeDefaults attributeDefaults() {
    return DEFAULTS;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 3, 3);
    Checks.outputs(node, 1);
    TensorType x = Checks.floating(ctx, 0, "input");
    Checks.minRank(node, x, 3, "input (N x C x D1 x ...)");
    Checks.perChannel(ctx, 1, new String[] {"scale", "B"}, Checks.known(x.dim(1)));
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
    int[] shape = x.shape();
    int channels = shape[1];
    int planes = shape[0] * channels;
    int inner = planes == 0 ? 0 : xs.length / planes;
    float[] y = new float[xs.length];
    IntStream.range(0, planes).parallel().forEach(plane -> {
      int ch = plane % channels;
      int base = plane * inner;
      double sum = 0;
      for (int i = 0; i < inner; i++) {
        sum += xs[base + i];
      }
      double mean = sum / inner;
      double squares = 0;
      for (int i = 0; i < inner; i++) {
        double dev = xs[base + i] - mean;
        squares += dev * dev;
      }
      double factor = scale[ch] / Math.sqrt(squares / inner + epsilon);
      for (int i = 0; i < inner; i++) {
        y[base + i] = (float) ((xs[base + i] - mean) * factor + bias[ch]);
      }
    });
    return List.of(Tensor.ofFloats(type.dtype(), shape, y));
  }
}
