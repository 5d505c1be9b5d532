package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;

/**
 * SpaceToDepth on NCHW: each b x b spatial block becomes b*b channels, ordered block offset outer
 * (DCR, the default) or channel outer (CRD, the {@code mode} attribute of opset 28).
 */
final class SpaceToDepthOp implements OpDef {
  @Override
  public String opType() {
    return "SpaceToDepth";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  static List<Dim> outputDims(Node node, List<Dim> in) {
    if (in.size() != 4) {
      throw node.invalid("input must be 4-D (NCHW), has rank " + in.size());
    }
    long b = DepthToSpaceOp.blocksize(node);
    Dim c = in.get(1);
    return List.of(in.get(0),
        c.isKnown() ? Dims.known(node, Dims.multiply(node, c.value(), b * b), "channels") : Dim.unknown(),
        divided(node, in.get(2), b, "height"),
        divided(node, in.get(3), b, "width"));
  }

  private static Dim divided(Node node, Dim d, long b, String what) {
    if (!d.isKnown()) {
      return Dim.unknown();
    }
    if (d.value() % b != 0) {
      throw node.invalid(what + " " + d.value() + " is not a multiple of blocksize " + b);
    }
    return Dim.of(d.value() / b);
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    DepthToSpaceOp.crd(ctx.node());
    return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims())));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    int[] out = Dims.toShape(outputDims(node, Dims.of(x.shape())));
    int b = DepthToSpaceOp.blocksize(node);
    Tensor six = x.reshape(new int[] {x.dim(0), x.dim(1), out[2], b, out[3], b});
    int[] perm = DepthToSpaceOp.crd(node) ? new int[] {0, 1, 3, 5, 2, 4} : new int[] {0, 3, 5, 1, 2, 4};
    return List.of(TransposeOp.transpose(six, perm).reshape(out));
  }
}
