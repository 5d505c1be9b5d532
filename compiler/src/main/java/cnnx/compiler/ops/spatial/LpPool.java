package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.AttributeDefaults;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;
import java.util.stream.IntStream;

/** LpPool-18: {@code (sum |x|^p)^(1/p)} over each window; padding contributes nothing. */
final class LpPool implements OpDef {
  private static final AttributeDefaults DEFAULTS = AttributeDefaults.NONE.withInt("p", 2);

  @Override
  public String opType() {
    return "LpPool";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public AttributeDefaults attributeDefaults() {
    return DEFAULTS;
  }

  private static long p(Node node) {
    long p = DEFAULTS.intAttr(node, "p");
    if (p < 1) {
      throw node.invalid("attribute 'p' must be at least 1, is " + p);
    }
    return p;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Pooling.Plan plan = Pooling.plan(ctx, 1);
    p(ctx.node());
    return List.of(plan.output());
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Pooling.Plan plan = Pooling.plan(new ConcreteContext(node, inputs), 1);
    double p = p(node);
    Tensor x = inputs.get(0);
    float[] xs = x.floats();
    PoolWindows win = PoolWindows.of(plan.geometry());
    int[] outShape = plan.output().shape();
    float[] y = new float[Shapes.size(outShape)];
    IntStream.range(0, plan.planes()).parallel().forEach(plane -> {
      int base = plane * win.inPlane();
      int outBase = plane * win.outPlane();
      int[] start = win.start();
      int[] offsets = win.offsets();
      for (int o = 0; o < win.outPlane(); o++) {
        double sum = 0;
        for (int t = start[o]; t < start[o + 1]; t++) {
          sum += Math.pow(Math.abs(xs[base + offsets[t]]), p);
        }
        y[outBase + o] = (float) Math.pow(sum, 1 / p);
      }
    });
    return List.of(Tensor.ofFloats(x.dtype(), outShape, y));
  }
}
