package cnnx.compiler.ops.tensor;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.DataType;
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

/**
 * Resize (inputs X, roi, scales, sizes) in nearest, linear and cubic modes with every coordinate
 * transformation mode; an empty scales or roi tensor counts as absent, as exporters write them.
 */
final class ResizeOp implements OpDef {
  @Override
  public String opType() {
    return "Resize";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 1, 4);
    Node node = ctx.node();
    TensorType x = ctx.inputType(0);
    checkData(node, x);
    ResizeAttributes a = ResizeAttributes.parse(node, x.rank());
    boolean hasRoi = present(ctx, 1, "roi", java.util.Set.of(DataType.FLOAT, DataType.DOUBLE));
    boolean hasScales = present(ctx, 2, "scales", java.util.Set.of(DataType.FLOAT));
    boolean hasSizes = present(ctx, 3, "sizes", java.util.Set.of(DataType.INT64));
    if (hasScales == hasSizes) {
      throw node.invalid("exactly one of 'scales' and 'sizes' must be given");
    }
    Optional<Tensor> roi = hasRoi ? ctx.constant(1) : Optional.empty();
    Optional<Tensor> scales = hasScales ? ctx.constant(2) : Optional.empty();
    Optional<Tensor> sizes = hasSizes ? ctx.constant(3) : Optional.empty();
    // the roi moves output sizes only for tf_crop_and_resize from scales
    boolean roiKnown = !a.cropAndResize() || !hasRoi || roi.isPresent() || hasSizes;
    if (roiKnown && (scales.isPresent() || sizes.isPresent())) {
      ResizePlan plan = ResizePlan.of(node, a, x.dims(),
          hasSizes ? null : roi.map(ResizeOp::floats).orElse(null),
          scales.map(ResizeOp::floats).orElse(null),
          sizes.map(t -> IndexInputs.values(node, t, "sizes", IndexInputs.INT64)).orElse(null));
      return List.of(new TensorType(x.dtype(), plan.dims()));
    }
    List<Dim> dims = new ArrayList<>(x.dims());
    for (int k : a.axes()) {
      dims.set(k, Dim.unknown());
    }
    return List.of(new TensorType(x.dtype(), dims));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    checkData(node, x.type());
    ResizeAttributes a = ResizeAttributes.parse(node, x.rank());
    float[] roi = optionalFloats(node, inputs, 1, "roi");
    float[] scales = optionalFloats(node, inputs, 2, "scales");
    Tensor sizesT = input(inputs, 3);
    long[] sizes = sizesT == null || sizesT.size() == 0 ? null
        : IndexInputs.values(node, sizesT, "sizes", IndexInputs.INT64);
    ResizePlan plan = ResizePlan.of(node, a, Dims.of(x.shape()), roi, scales, sizes);
    return List.of(ResizeKernel.apply(x, a, plan));
  }

  private static void checkData(Node node, TensorType x) {
    if (!x.dtype().isFloating()) {
      throw new UnsupportedModelException(node.describe() + ": resizing " + x.dtype() + " data is not supported");
    }
    if (x.rank() < 1) {
      throw node.invalid("X must have rank at least 1");
    }
  }

  /** True when input i is given and not an empty tensor; checks its type. */
  private static boolean present(InferenceContext ctx, int i, String what, java.util.Set<DataType> dtypes) {
    if (!ctx.hasInput(i)) {
      return false;
    }
    TensorType t = ctx.inputType(i);
    IndexInputs.checkType(ctx.node(), t, what, dtypes);
    if (t.rank() != 1) {
      throw ctx.node().invalid("'" + what + "' must be 1-D, has type " + t);
    }
    return !(t.dim(0).isKnown() && t.dim(0).value() == 0);
  }

  private static Tensor input(List<Tensor> inputs, int i) {
    return i < inputs.size() ? inputs.get(i) : null;
  }

  private static float[] optionalFloats(Node node, List<Tensor> inputs, int i, String what) {
    Tensor t = input(inputs, i);
    if (t == null || t.size() == 0) {
      return null;
    }
    if (!t.isFloating() || t.rank() != 1) {
      throw node.invalid("'" + what + "' must be a 1-D float tensor, is " + t.type());
    }
    return t.floats();
  }

  private static float[] floats(Tensor t) {
    return t.floats();
  }
}
