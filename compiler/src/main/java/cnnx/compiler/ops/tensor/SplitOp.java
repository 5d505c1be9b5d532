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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Split along {@code axis}: by the {@code split} sizes input, or into {@code num_outputs} chunks
 * of ceil(dim / n) with a smaller last one; with neither, into equal parts, one per output.
 */
public final class SplitOp implements OpDef {
  @Override
  public String opType() {
    return "Split";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /**
   * The chunk sizes from the split input (null when omitted) or the attributes, checked; null when
   * they depend on a dim that is not known.
   */
  public static long[] sizes(Node node, Dim axisDim, long[] split) {
    int outputs = node.outputs().size();
    if (outputs < 1) {
      throw node.invalid("needs at least one output");
    }
    boolean hasNum = node.has("num_outputs");
    if (split != null) {
      if (hasNum) {
        throw node.invalid("give either the 'split' input or 'num_outputs', not both");
      }
      if (split.length != outputs) {
        throw node.invalid("split " + Arrays.toString(split) + " has " + split.length + " entries for "
            + outputs + " outputs");
      }
      long total = 0;
      for (long s : split) {
        if (s < 0) {
          throw node.invalid("split " + Arrays.toString(split) + " has a negative size");
        }
        total = Math.addExact(total, s);
      }
      if (axisDim.isKnown() && total != axisDim.value()) {
        throw node.invalid("split " + Arrays.toString(split) + " sums to " + total + ", but the axis has size "
            + axisDim.value());
      }
      return split.clone();
    }
    long n = hasNum ? node.intAttr("num_outputs", 0) : outputs;
    if (hasNum && n != outputs) {
      throw node.invalid("num_outputs is " + n + " but the node has " + outputs + " outputs");
    }
    if (!axisDim.isKnown()) {
      return null;
    }
    long dim = axisDim.value();
    long[] sizes = new long[outputs];
    if (!hasNum) {
      if (dim % n != 0) {
        throw node.invalid("axis of size " + dim + " does not split evenly into " + n + " outputs");
      }
      Arrays.fill(sizes, dim / n);
      return sizes;
    }
    long chunk = (dim + n - 1) / n;
    long last = dim - chunk * (n - 1);
    if (last < 0) {
      throw node.invalid("axis of size " + dim + " cannot split into " + n + " chunks of " + chunk);
    }
    Arrays.fill(sizes, chunk);
    sizes[outputs - 1] = last;
    return sizes;
  }

  private static List<TensorType> types(Node node, TensorType x, int axis, long[] sizes) {
    List<TensorType> out = new ArrayList<>();
    for (int i = 0; i < node.outputs().size(); i++) {
      List<Dim> dims = new ArrayList<>(x.dims());
      dims.set(axis, sizes == null ? Dim.unknown() : Dim.of(sizes[i]));
      out.add(new TensorType(x.dtype(), dims));
    }
    return out;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Node node = ctx.node();
    if (ctx.inputCount() < 1 || ctx.inputCount() > 2 || !ctx.hasInput(0)) {
      throw node.invalid("expects 1 or 2 inputs, has " + ctx.inputCount());
    }
    TensorType x = ctx.inputType(0);
    int axis = IndexInputs.axis(node, node.intAttr("axis", 0), x.rank(), "axis");
    if (ctx.hasInput(1)) {
      long len = IndexInputs.length(ctx, 1, "split", IndexInputs.INT64);
      Optional<long[]> split = IndexInputs.constant(ctx, 1, "split", IndexInputs.INT64);
      if (split.isEmpty()) {
        if (len >= 0 && len != node.outputs().size()) {
          throw node.invalid("split has " + len + " entries for " + node.outputs().size() + " outputs");
        }
        return types(node, x, axis, null);
      }
      return types(node, x, axis, sizes(node, x.dim(axis), split.get()));
    }
    return types(node, x, axis, sizes(node, x.dim(axis), null));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    int axis = IndexInputs.axis(node, node.intAttr("axis", 0), x.rank(), "axis");
    long[] split = IndexInputs.optionalValues(node, inputs.size() > 1 ? inputs.get(1) : null, "split",
        IndexInputs.INT64);
    long[] sizes = sizes(node, Dim.of(x.dim(axis)), split);
    int[] shape = x.shape();
    int outer = Shapes.product(shape, 0, axis);
    int inner = Shapes.product(shape, axis + 1, shape.length);
    int inBlock = shape[axis] * inner;
    Object src = Elements.array(x);
    List<Tensor> out = new ArrayList<>();
    int offset = 0;
    for (long size : sizes) {
      int[] s = shape.clone();
      s[axis] = (int) size;
      int block = s[axis] * inner;
      Object dst = Elements.allocate(x.dtype(), Shapes.size(s));
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, o * inBlock + offset, dst, o * block, block);
      }
      offset += block;
      out.add(Elements.wrap(x.dtype(), s, dst));
    }
    return out;
  }
}
