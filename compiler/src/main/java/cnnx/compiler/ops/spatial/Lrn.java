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
 * LRN-13, local response normalisation across channels:
 * {@code y = x / (bias + alpha / size * sum(x[c']^2))^beta} with c' from
 * {@code c - floor((size-1)/2)} to {@code c + ceil((size-1)/2)}, clipped to the channels.
 */
final class Lrn implements OpDef {
  private static final AttributeDefaults DEFAULTS = AttributeDefaults.NONE
      .withFloat("alpha", 1e-4f).withFloat("beta", 0.75f).withFloat("bias", 1f);

  @Override
  public String opType() {
    return "LRN";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public AttributeDefaults attributeDefaults() {
    return DEFAULTS;
  }

  private static long size(Node node) {
    if (!node.has("size")) {
      throw node.invalid("attribute 'size' is required");
    }
    long size = node.intAttr("size", 0);
    if (size < 1) {
      throw node.invalid("attribute 'size' must be positive, is " + size);
    }
    return size;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 1, 1);
    Checks.outputs(node, 1);
    TensorType x = Checks.floating(ctx, 0, "X");
    Checks.minRank(node, x, 2, "X (N x C x ...)");
    size(node);
    return List.of(x);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    long size = size(node);
    double alpha = DEFAULTS.floatAttr(node, "alpha");
    double beta = DEFAULTS.floatAttr(node, "beta");
    double bias = DEFAULTS.floatAttr(node, "bias");
    Tensor x = inputs.get(0);
    float[] xs = x.floats();
    int[] shape = x.shape();
    int channels = shape[1];
    int planes = shape[0] * channels;
    int inner = planes == 0 ? 0 : xs.length / planes;
    long before = (size - 1) / 2;
    long after = size - 1 - before;
    float[] y = new float[xs.length];
    IntStream.range(0, planes).parallel().forEach(plane -> {
      int n = plane / channels;
      int ch = plane % channels;
      int lo = (int) Math.max(0, ch - before);
      int hi = (int) Math.min(channels - 1, ch + after);
      double[] squares = new double[inner];
      for (int c2 = lo; c2 <= hi; c2++) {
        int base = (n * channels + c2) * inner;
        for (int i = 0; i < inner; i++) {
          double v = xs[base + i];
          squares[i] += v * v;
        }
      }
      int base = plane * inner;
      for (int i = 0; i < inner; i++) {
        y[base + i] = (float) (xs[base + i] / Math.pow(bias + alpha / size * squares[i], beta));
      }
    });
    return List.of(Tensor.ofFloats(type.dtype(), shape, y));
  }
}
