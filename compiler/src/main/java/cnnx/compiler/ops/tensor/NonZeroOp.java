package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/**
 * NonZero: the coordinates of the non-zero elements, row-major order, as int64 [rank, count]. The
 * count depends on the data, so the output's second dim is unknown until run time.
 */
public final class NonZeroOp implements OpDef {
  @Override
  public String opType() {
    return "NonZero";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    return List.of(new TensorType(DataType.INT64, List.of(Dim.of(x.rank()), Dim.unknown())));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    double[] v = Values.asDoubles(x);
    int count = 0;
    for (double d : v) {
      if (d != 0) {
        count++;
      }
    }
    int rank = x.rank();
    long[] out = new long[rank * count];
    int[] coord = new int[rank];
    int k = 0;
    for (int e = 0; e < v.length; e++) {
      if (v[e] != 0) {
        Scatter.unravel(e, x.shape(), coord);
        for (int a = 0; a < rank; a++) {
          out[a * count + k] = coord[a];
        }
        k++;
      }
    }
    return List.of(Tensor.ofLongs(new int[] {rank, count}, out));
  }
}
