package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.verify.ToleranceClass;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;


/**
 * GlobalAveragePool-1, GlobalMaxPool-1 and GlobalLpPool-2 ((sum |x|^p)^(1/p), p an integer
 * attribute, 2 by default): one value per N x C plane, spatial dims kept as 1.
 */
final class GlobalPool implements OpDef {
  private final boolean max;
  private final boolean lp;

  private GlobalPool(boolean max, boolean lp) {
    this.max = max;
    this.lp = lp;
  }

  static GlobalPool average() {
    return new GlobalPool(false, false);
  }

  static GlobalPool maximum() {
    return new GlobalPool(true, false);
  }

  static GlobalPool lp() {
    return new GlobalPool(false, true);
  }

  /** GlobalLpPool's p, which must be positive. */
  public static long p(Node node) {
    long p = node.intAttr("p", 2);
    if (p <= 0) {
      throw node.invalid("p must be positive, is " + p);
    }
    return p;
  }

  @Override
  public String opType() {
    return max ? "GlobalMaxPool" : lp ? "GlobalLpPool" : "GlobalAveragePool";
  }

  @Override
  public OpCategory category() {
    return OpCategory.REDUCE;
  }

  @Override
  public ToleranceClass toleranceClass() {
    return max ? ToleranceClass.EXACT : ToleranceClass.ACCUMULATING;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 1, 1);
    Checks.outputs(node, 1);
    TensorType x = Checks.floating(ctx, 0, "X");
    Checks.minRank(node, x, 3, "X (N x C x D1 x ...)");
    if (lp) {
      p(node);
    }
    List<Dim> dims = new ArrayList<>(List.of(x.dim(0), x.dim(1)));
    for (int i = 2; i < x.rank(); i++) {
      dims.add(Dim.of(1));
    }
    return List.of(Checks.type(x, dims));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    int[] outShape = inferTypes(new ConcreteContext(node, inputs)).get(0).shape();
    Tensor x = inputs.get(0);
    float[] xs = x.floats();
    int planes = outShape[0] * outShape[1];
    int plane = planes == 0 ? 0 : x.size() / planes;
    float[] y = new float[planes];
    IntStream.range(0, planes).parallel().forEach(p -> {
      int base = p * plane;
      if (max) {
        float best = plane == 0 ? -Float.MAX_VALUE : xs[base];
        // As ONNX Runtime (Eigen's maxCoeff): the first element, then any strictly larger one;
        // a NaN counts only when it comes first.
        for (int i = 1; i < plane; i++) {
          if (xs[base + i] > best) {
            best = xs[base + i];
          }
        }
        y[p] = best;
      } else if (lp) {
        double p0 = p(node);
        double sum = 0;
        for (int i = 0; i < plane; i++) {
          sum += Math.pow(Math.abs(xs[base + i]), p0);
        }
        y[p] = (float) Math.pow(sum, 1 / p0);
      } else {
        double sum = 0;
        for (int i = 0; i < plane; i++) {
          sum += xs[base + i];
        }
        y[p] = (float) (sum / plane);
      }
    });
    return List.of(Tensor.ofFloats(x.dtype(), outShape, y));
  }
}
