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
 * ScatterND-18: a copy of data where each index tuple (indices' last axis, length k) addresses a
 * slice of data's dims k.. that is combined with the matching slice of updates by the reduction,
 * tuples taken in order. updates.dims = indices.dims[:-1] + data.dims[k:].
 */
public final class ScatterNdOp implements OpDef {
  @Override
  public String opType() {
    return "ScatterND";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (ctx.inputCount() != 3 || node.outputs().size() != 1) {
      throw node.invalid("expects inputs data, indices, updates and one output");
    }
    TensorType data = ctx.inputType(0);
    TensorType indices = ctx.inputType(1);
    TensorType updates = ctx.inputType(2);
    IndexInputs.checkType(node, indices, "indices", IndexInputs.INT64);
    if (indices.rank() < 1 || !indices.dim(indices.rank() - 1).isKnown()) {
      throw node.invalid("indices must have rank at least 1 and a known last dim, is " + indices);
    }
    long k = indices.dim(indices.rank() - 1).value();
    if (k < 1 || k > data.rank()) {
      throw node.invalid("index tuples of length " + k + " do not fit data " + data);
    }
    List<Dim> expected = new ArrayList<>(indices.dims().subList(0, indices.rank() - 1));
    expected.addAll(data.dims().subList((int) k, data.rank()));
    TensorType want = new TensorType(data.dtype(), expected);
    if (updates.rank() != want.rank() || updates.dtype() != data.dtype()) {
      throw node.invalid("updates must be " + want + ", are " + updates);
    }
    Scatter.checkSameShape(node, want, updates, "updates");
    Scatter.Reduction.of(node);
    return List.of(data);
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    inferTypes(new cnnx.compiler.ops.ConcreteContext(node, inputs));
    Tensor data = inputs.get(0);
    Tensor indices = inputs.get(1);
    Scatter.Reduction r = Scatter.Reduction.of(node);
    int[] ds = data.shape();
    int k = indices.dim(indices.rank() - 1);
    int[] strides = Shapes.strides(ds);
    int slice = Shapes.product(ds, k, ds.length);
    int tuples = indices.size() / k;
    long[] idx = indices.longs();
    Object out = data.isFloating() ? data.floats().clone() : data.longs().clone();
    Object updates = Elements.array(inputs.get(2));
    for (int t = 0; t < tuples; t++) {
      int to = 0;
      for (int j = 0; j < k; j++) {
        to += GatherOp.index(node, idx[t * k + j], ds[j], j) * strides[j];
      }
      for (int s = 0; s < slice; s++) {
        Scatter.store(out, to + s, updates, t * slice + s, r);
      }
    }
    return List.of(Elements.wrap(data.dtype(), ds, out));
  }
}
