package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.Cost;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * MatMul-13 with numpy semantics: the last two dims multiply, leading (batch) dims broadcast; a
 * 1-D A is a row vector and a 1-D B a column vector, their unit dim dropped from the result.
 */
final class MatMul implements OpDef {
  @Override
  public String opType() {
    return "MatMul";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OUT_ELEMENTWISE_FUSABLE;
  }

  /** Each output element is a dot product along A's last axis. */
  @Override
  public Optional<Cost> cost(Graph g, Node n) {
    var a = Cost.shape(g, n.input(0)).filter(s -> s.length > 0);
    var y = Cost.shape(g, n.output(0));
    return Cost.withMacs(g, n, a.flatMap(as -> y.map(ys -> Cost.volume(ys) * as[as.length - 1])));
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    Checks.inputs(ctx, 2, 2);
    Checks.outputs(node, 1);
    TensorType a = Checks.floating(ctx, 0, "A");
    TensorType b = Checks.floating(ctx, 1, "B");
    Checks.sameDtype(node, a, b, "B");
    Checks.minRank(node, a, 1, "A");
    Checks.minRank(node, b, 1, "B");
    List<Dim> ad = matrix(a.dims(), true);
    List<Dim> bd = matrix(b.dims(), false);
    Dim ka = ad.get(ad.size() - 1);
    Dim kb = bd.get(bd.size() - 2);
    if (ka.isKnown() && kb.isKnown() && ka.value() != kb.value()) {
      throw node.invalid("inner dimensions differ: A is " + a + ", B is " + b);
    }
    int batchRank = Math.max(ad.size(), bd.size()) - 2;
    List<Dim> out = new ArrayList<>();
    for (int i = 0; i < batchRank; i++) {
      Dim da = batchDim(ad, batchRank, i);
      Dim db = batchDim(bd, batchRank, i);
      out.add(broadcast(node, da, db, a, b));
    }
    if (a.rank() > 1) {
      out.add(ad.get(ad.size() - 2));
    }
    if (b.rank() > 1) {
      out.add(bd.get(bd.size() - 1));
    }
    return List.of(Checks.type(a, out));
  }

  /** A 1-D operand as a matrix: [1, K] for A, [K, 1] for B. */
  private static List<Dim> matrix(List<Dim> dims, boolean left) {
    if (dims.size() > 1) {
      return dims;
    }
    return left ? List.of(Dim.of(1), dims.get(0)) : List.of(dims.get(0), Dim.of(1));
  }

  /** Batch dim i of an operand right-aligned to batchRank dims; missing leading dims are 1. */
  private static Dim batchDim(List<Dim> dims, int batchRank, int i) {
    int j = i - (batchRank - (dims.size() - 2));
    return j < 0 ? Dim.of(1) : dims.get(j);
  }

  private static Dim broadcast(Node node, Dim a, Dim b, TensorType ta, TensorType tb) {
    if (a.isKnown() && b.isKnown()) {
      if (a.value() == b.value() || b.value() == 1) {
        return a;
      }
      if (a.value() == 1) {
        return b;
      }
      throw node.invalid("batch dimensions do not broadcast: A is " + ta + ", B is " + tb);
    }
    if (a.isKnown()) {
      return a.value() == 1 ? b : a;
    }
    if (b.isKnown()) {
      return b.value() == 1 ? a : b;
    }
    return a.equals(b) ? a : Dim.unknown();
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType type = inferTypes(new ConcreteContext(node, inputs)).get(0);
    Tensor a = inputs.get(0);
    Tensor b = inputs.get(1);
    List<Dim> ad = matrix(a.type().dims(), true);
    List<Dim> bd = matrix(b.type().dims(), false);
    int m = Math.toIntExact(ad.get(ad.size() - 2).value());
    int k = Math.toIntExact(ad.get(ad.size() - 1).value());
    int n = Math.toIntExact(bd.get(bd.size() - 1).value());
    int batchRank = Math.max(ad.size(), bd.size()) - 2;
    int[] batch = new int[batchRank];
    int[] aBatch = new int[batchRank];
    int[] bBatch = new int[batchRank];
    for (int i = 0; i < batchRank; i++) {
      aBatch[i] = Math.toIntExact(batchDim(ad, batchRank, i).value());
      bBatch[i] = Math.toIntExact(batchDim(bd, batchRank, i).value());
      batch[i] = Math.max(aBatch[i], bBatch[i]);
    }
    int batches = Shapes.size(batch);
    float[] af = a.floats();
    float[] bf = b.floats();
    float[] y = new float[Shapes.size(type.shape())];
    int[] aStride = broadcastStrides(aBatch);
    int[] bStride = broadcastStrides(bBatch);
    IntStream.range(0, batches * m).parallel().forEach(task -> {
      int bi = task / m;
      int row = task % m;
      // Walk the output batch index to each operand's matrix, stride 0 on broadcast dims.
      int aMat = 0;
      int bMat = 0;
      int rest = bi;
      for (int d = batchRank - 1; d >= 0; d--) {
        int idx = rest % batch[d];
        rest /= batch[d];
        aMat += idx * aStride[d];
        bMat += idx * bStride[d];
      }
      double[] acc = new double[n];
      RowKernel.accumulate(af, (aMat * m + row) * k, 1, k, bf, bMat * k * n, n, acc);
      int out = (bi * m + row) * n;
      for (int j = 0; j < n; j++) {
        y[out + j] = (float) acc[j];
      }
    });
    return List.of(Tensor.ofFloats(type.dtype(), type.shape(), y));
  }

  /** Row-major matrix-count strides over batch dims, 0 where the dim is 1 (broadcast). */
  private static int[] broadcastStrides(int[] dims) {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = dims[i] == 1 ? 0 : acc;
      acc *= dims[i];
    }
    return s;
  }
}
