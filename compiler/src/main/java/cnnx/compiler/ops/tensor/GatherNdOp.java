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
import java.util.List;

/**
 * GatherND: the last axis of indices (length k) addresses data's dims b..b+k (b = batch_dims,
 * whose leading dims index data and indices alike); each index tuple picks a slice of the
 * remaining dims. Output dims: indices.dims[:-1] + data.dims[b+k:].
 */
public final class GatherNdOp implements OpDef {
  @Override
  public String opType() {
    return "GatherND";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /** The index tuple length k, checked against the ranks. */
  public static int tupleLength(Node node, TensorType data, TensorType indices) {
    long b = node.intAttr("batch_dims", 0);
    if (indices.rank() < 1 || !indices.dim(indices.rank() - 1).isKnown()) {
      throw node.invalid("indices must have rank at least 1 and a known last dim, is " + indices);
    }
    long k = indices.dim(indices.rank() - 1).value();
    if (b < 0 || b >= Math.min(data.rank(), indices.rank()) || k < 1 || b + k > data.rank()) {
      throw node.invalid("batch_dims " + b + " and index tuples of length " + k + " do not fit data " + data
          + " and indices " + indices);
    }
    return (int) k;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType data = ctx.inputType(0);
    TensorType indices = ctx.inputType(1);
    IndexInputs.checkType(ctx.node(), indices, "indices", IndexInputs.INT64);
    int k = tupleLength(ctx.node(), data, indices);
    int b = (int) ctx.node().intAttr("batch_dims", 0);
    for (int i = 0; i < b; i++) {
      Dims.unify(ctx.node(), data.dim(i), indices.dim(i), "batch dim " + i);
    }
    List<Dim> dims = new ArrayList<>(indices.dims().subList(0, indices.rank() - 1));
    dims.addAll(data.dims().subList(b + k, data.rank()));
    return List.of(new TensorType(data.dtype(), dims));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    TensorType out = inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs)).get(0);
    Tensor data = inputs.get(0);
    Tensor indices = inputs.get(1);
    int b = (int) node.intAttr("batch_dims", 0);
    int k = tupleLength(node, data.type(), indices.type());
    int[] ds = data.shape();
    int[] strides = Shapes.strides(ds);
    int slice = Shapes.product(ds, b + k, ds.length);
    int batchSize = Shapes.product(ds, b, ds.length);
    int tuples = indices.size() / k;
    int perBatch = Shapes.product(indices.shape(), b, indices.rank() - 1);
    long[] idx = indices.longs();
    Object src = Elements.array(data);
    Object dst = Elements.allocate(data.dtype(), tuples * slice);
    for (int t = 0; t < tuples; t++) {
      int batch = perBatch == 0 ? 0 : t / perBatch;
      int from = batch * batchSize;
      for (int j = 0; j < k; j++) {
        from += GatherOp.index(node, idx[t * k + j], ds[b + j], b + j) * strides[b + j];
      }
      System.arraycopy(src, from, dst, t * slice, slice);
    }
    return List.of(Elements.wrap(data.dtype(), out.shape(), dst));
  }
}
