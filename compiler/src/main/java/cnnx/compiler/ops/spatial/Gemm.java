package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.AttributeDefaults;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.Cost;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Gemm-13: {@code Y = alpha * A' * B' + beta * C} for 2-D A and B (transposed when transA/transB),
 * with the optional C broadcast one way to M x N.
 */
final class Gemm implements OpDef {
  private static final AttributeDefaults DEFAULTS = AttributeDefaults.NONE.withFloat("alpha", 1f).withFloat("beta", 1f);

  @Override
  public String opType() {
    return "Gemm";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OUT_ELEMENTWISE_FUSABLE;
  }

  @Override
  public AttributeDefaults attributeDefaults() {
    return DEFAULTS;
  }

  /** Each output element is a dot product of length K (A is M x K, or K x M with transA). */
  @Override
  public Optional<Cost> cost(Graph g, Node n) {
    int k = n.intAttr("transA", 0) != 0 ? 0 : 1;
    var a = Cost.shape(g, n.input(0)).filter(s -> s.length == 2);
    var y = Cost.shape(g, n.output(0));
    return Cost.withMacs(g, n, a.flatMap(as -> y.map(ys -> Cost.volume(ys) * as[k])));
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 2, 3);
    Checks.outputs(node, 1);
    TensorType a = Checks.floating(ctx, 0, "A");
    TensorType b = Checks.floating(ctx, 1, "B");
    Checks.sameDtype(node, a, b, "B");
    Checks.rank(node, a, 2, "A");
    Checks.rank(node, b, 2, "B");
    boolean transA = Checks.flag(node, "transA", 0);
    boolean transB = Checks.flag(node, "transB", 0);
    Dim m = a.dim(transA ? 1 : 0);
    Dim ka = a.dim(transA ? 0 : 1);
    Dim kb = b.dim(transB ? 1 : 0);
    Dim n = b.dim(transB ? 0 : 1);
    if (ka.isKnown() && kb.isKnown() && ka.value() != kb.value()) {
      throw node.invalid("inner dimensions differ: A' is " + m + "x" + ka + ", B' is " + kb + "x" + n);
    }
    if (ctx.hasInput(2)) {
      TensorType c = Checks.floating(ctx, 2, "C");
      Checks.sameDtype(node, a, c, "C");
      if (c.rank() > 2) {
        throw node.invalid("C must have rank 2 or less, has type " + c);
      }
      Dim[] target = {m, n};
      for (int i = 0; i < c.rank(); i++) {
        Dim d = c.dim(i);
        Dim t = target[2 - c.rank() + i];
        if (d.isKnown() && d.value() != 1 && t.isKnown() && d.value() != t.value()) {
          throw node.invalid("C of type " + c + " does not broadcast to " + m + "x" + n);
        }
      }
    }
    return List.of(Checks.type(a, List.of(m, n)));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    boolean transA = Checks.flag(node, "transA", 0);
    boolean transB = Checks.flag(node, "transB", 0);
    double alpha = DEFAULTS.floatAttr(node, "alpha");
    double beta = DEFAULTS.floatAttr(node, "beta");
    Tensor a = inputs.get(0);
    Tensor b = inputs.get(1);
    Tensor c = inputs.size() > 2 ? inputs.get(2) : null;
    int m = type.shape()[0];
    int n = type.shape()[1];
    int k = a.dim(transA ? 0 : 1);
    float[] as = a.floats();
    float[] bs = transB ? transpose(b.floats(), n, k) : b.floats();
    int[] cShape = c == null ? null : c.shape();
    float[] y = new float[m * n];
    IntStream.range(0, m).parallel().forEach(i -> {
      double[] acc = new double[n];
      // Row i of A' starts at A[i][0] (step 1) or A[0][i] (step M) when A is transposed.
      RowKernel.accumulate(as, transA ? i : i * k, transA ? m : 1, k, bs, 0, n, acc);
      for (int j = 0; j < n; j++) {
        double v = alpha * acc[j];
        if (c != null) {
          v += beta * c.floats()[broadcastIndex(cShape, i, j)];
        }
        y[i * n + j] = (float) v;
      }
    });
    return List.of(Tensor.ofFloats(type.dtype(), type.shape(), y));
  }

  /** The element of C (rank 0 to 2, dims 1 or full) that broadcasts to (i, j). */
  private static int broadcastIndex(int[] cShape, int i, int j) {
    return switch (cShape.length) {
      case 0 -> 0;
      case 1 -> cShape[0] == 1 ? 0 : j;
      default -> (cShape[0] == 1 ? 0 : i) * cShape[1] + (cShape[1] == 1 ? 0 : j);
    };
  }

  /** The rows x cols transpose of a cols x rows matrix. */
  private static float[] transpose(float[] v, int rows, int cols) {
    float[] t = new float[v.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = v[r * cols + c];
      }
    }
    return t;
  }
}
