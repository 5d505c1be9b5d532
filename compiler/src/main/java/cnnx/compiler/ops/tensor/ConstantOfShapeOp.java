package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** ConstantOfShape: a tensor of the given shape filled with {@code value} (default float 0). */
final class ConstantOfShapeOp implements OpDef {
  @Override
  public String opType() {
    return "ConstantOfShape";
  }

  @Override
  public OpCategory category() {
    return OpCategory.SHAPE;
  }

  static Tensor value(Node node) {
    Tensor v = node.tensorAttr("value");
    if (v == null) {
      return Tensor.scalar(0f);
    }
    if (v.size() != 1) {
      throw node.invalid("value must hold exactly one element, has shape " + v.type());
    }
    return v;
  }

  static List<Dim> outputDims(Node node, long[] shape) {
    List<Dim> dims = new ArrayList<>(shape.length);
    for (long s : shape) {
      dims.add(Dims.known(node, s, "shape entry"));
    }
    Dims.product(node, dims);
    return dims;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 1);
    Tensor v = value(ctx.node());
    Optional<long[]> shape = IndexInputs.constant(ctx, 0, "input", IndexInputs.INT64);
    if (shape.isPresent()) {
      return List.of(new TensorType(v.dtype(), outputDims(ctx.node(), shape.get())));
    }
    return List.of(new TensorType(v.dtype(), Dims.unknown(IndexInputs.rankFixingLength(ctx, 0, "input"))));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    long[] shape = IndexInputs.values(node, inputs.get(0), "input", IndexInputs.INT64);
    return List.of(Elements.filled(value(node), Dims.toShape(outputDims(node, shape))));
  }
}
