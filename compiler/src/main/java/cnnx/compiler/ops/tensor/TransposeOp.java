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

/** Transpose: output axis i is input axis perm[i]; perm defaults to reversing the axes. */
final class TransposeOp implements OpDef {
  @Override
  public String opType() {
    return "Transpose";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /** The validated permutation for an input of the given rank. */
  static int[] perm(Node node, int rank) {
    long[] p = node.intsAttr("perm");
    int[] perm = new int[rank];
    if (p == null) {
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
      return perm;
    }
    if (p.length != rank) {
      throw node.invalid("perm has " + p.length + " entries for an input of rank " + rank);
    }
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      if (p[i] < 0 || p[i] >= rank || seen[(int) p[i]]) {
        throw node.invalid("perm " + java.util.Arrays.toString(p) + " is not a permutation of 0.." + (rank - 1));
      }
      seen[(int) p[i]] = true;
      perm[i] = (int) p[i];
    }
    return perm;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    int[] perm = perm(ctx.node(), x.rank());
    List<Dim> dims = new ArrayList<>();
    for (int p : perm) {
      dims.add(x.dim(p));
    }
    return List.of(new TensorType(x.dtype(), dims));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    return List.of(transpose(x, perm(node, x.rank())));
  }

  static Tensor transpose(Tensor x, int[] perm) {
    int[] in = x.shape();
    int[] strides = Shapes.strides(in);
    int[] out = new int[perm.length];
    int[][] offsets = new int[perm.length][];
    for (int k = 0; k < perm.length; k++) {
      out[k] = in[perm[k]];
      offsets[k] = Remap.strided(out[k], 0, 1, strides[perm[k]]);
    }
    return Remap.apply(x, out, offsets, null);
  }
}
