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
 * DepthToSpace on NCHW: moves blocks of b*b channels into b x b spatial blocks. DCR takes the
 * block offset from the outer channel bits, CRD from the inner ones.
 */
final class DepthToSpaceOp implements OpDef {
  @Override
  public String opType() {
    return "DepthToSpace";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  static int blocksize(Node node) {
    if (!node.has("blocksize")) {
      throw node.invalid("attribute 'blocksize' is required");
    }
    long b = node.intAttr("blocksize", 0);
    if (b < 1 || b > 1 << 15) {
      throw node.invalid("blocksize " + b + " must be positive");
    }
    return (int) b;
  }

  static boolean crd(Node node) {
    String mode = node.stringAttr("mode", "DCR");
    return switch (mode) {
      case "DCR" -> false;
      case "CRD" -> true;
      default -> throw node.invalid("mode '" + mode + "' is not DCR or CRD");
    };
  }

  static List<Dim> outputDims(Node node, List<Dim> in) {
    if (in.size() != 4) {
      throw node.invalid("input must be 4-D (NCHW), has rank " + in.size());
    }
    crd(node);
    long b = blocksize(node);
    Dim c = in.get(1);
    if (c.isKnown() && c.value() % (b * b) != 0) {
      throw node.invalid("channels " + c.value() + " are not a multiple of blocksize^2 = " + b * b);
    }
    return List.of(in.get(0),
        c.isKnown() ? Dim.of(c.value() / (b * b)) : Dim.unknown(),
        scaled(node, in.get(2), b),
        scaled(node, in.get(3), b));
  }

  private static Dim scaled(Node node, Dim d, long b) {
    return d.isKnown() ? Dims.known(node, Dims.multiply(node, d.value(), b), "dim") : Dim.unknown();
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    TensorType x = ctx.inputType(0);
    return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims())));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    int[] out = Dims.toShape(outputDims(node, Dims.of(x.shape())));
    int b = blocksize(node);
    int n = x.dim(0);
    int c = out[1];
    int h = x.dim(2);
    int w = x.dim(3);
    Tensor t = crd(node)
        ? TransposeOp.transpose(x.reshape(new int[] {n, c, b, b, h, w}), new int[] {0, 1, 4, 2, 5, 3})
        : TransposeOp.transpose(x.reshape(new int[] {n, b, b, c, h, w}), new int[] {0, 3, 4, 1, 5, 2});
    return List.of(t.reshape(out));
  }
}
