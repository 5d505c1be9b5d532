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
 * Pad with modes constant, reflect, edge and wrap. {@code pads} holds all begins then all ends for
 * the padded axes (all axes, or the {@code axes} input). A negative pad crops; cropping happens
 * first, and reflect/edge/wrap then read from the cropped data.
 */
public final class PadOp implements OpDef {
  public enum Mode { CONSTANT, REFLECT, EDGE, WRAP }

  @Override
  public String opType() {
    return "Pad";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /** The mode attribute, checked. */
  public static Mode mode(Node node) {
    String m = node.stringAttr("mode", "constant");
    return switch (m) {
      case "constant" -> Mode.CONSTANT;
      case "reflect" -> Mode.REFLECT;
      case "edge" -> Mode.EDGE;
      case "wrap" -> Mode.WRAP;
      default -> throw node.invalid("mode '" + m + "' is not one of constant, reflect, edge, wrap");
    };
  }

  /** Begin and end pads for every input axis. */
  public record Plan(long[] begin, long[] end, List<Dim> dims) {}

  /** Spreads pads over the padded axes (null: all) and checks them against the input dims. */
  public static Plan plan(Node node, List<Dim> in, long[] pads, long[] axesIn) {
    int rank = in.size();
    int[] axes;
    if (axesIn == null) {
      axes = new int[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    } else {
      axes = IndexInputs.axes(node, axesIn, rank, "axes");
    }
    if (pads.length != 2 * axes.length) {
      throw node.invalid("pads has " + pads.length + " entries, expected " + 2 * axes.length
          + " (begin and end for each of " + axes.length + " axes)");
    }
    Mode mode = mode(node);
    long[] begin = new long[rank];
    long[] end = new long[rank];
    for (int i = 0; i < axes.length; i++) {
      begin[axes[i]] = pads[i];
      end[axes[i]] = pads[i + axes.length];
    }
    List<Dim> out = new ArrayList<>(rank);
    for (int k = 0; k < rank; k++) {
      Dim d = in.get(k);
      if (begin[k] == 0 && end[k] == 0) {
        out.add(d);
        continue;
      }
      if (!d.isKnown()) {
        out.add(Dim.unknown());
        continue;
      }
      long kept = Math.addExact(Math.addExact(d.value(), Math.min(0, begin[k])), Math.min(0, end[k]));
      if (kept < 0) {
        throw node.invalid("pads " + Arrays.toString(pads) + " crop more than the " + d.value() + " elements of axis " + k);
      }
      if (mode != Mode.CONSTANT && kept == 0 && (begin[k] > 0 || end[k] > 0)) {
        throw node.invalid(mode.name().toLowerCase() + " padding needs data on axis " + k + ", which is empty");
      }
      out.add(Dims.known(node, Math.addExact(Math.addExact(kept, Math.max(0, begin[k])), Math.max(0, end[k])),
          "padded dim"));
    }
    return new Plan(begin, end, out);
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 4);
    Node node = ctx.node();
    TensorType x = ctx.inputType(0);
    mode(node);
    if (ctx.hasInput(2)) {
      TensorType v = ctx.inputType(2);
      if (v.dtype() != x.dtype()) {
        throw node.invalid("constant_value is " + v.dtype() + " but data is " + x.dtype());
      }
      Dim size = Dims.product(node, v.dims());
      if (size.isKnown() && size.value() != 1) {
        throw node.invalid("constant_value must hold one element, has type " + v);
      }
    }
    long padsLen = IndexInputs.length(ctx, 1, "pads", IndexInputs.INT64);
    Optional<long[]> pads = IndexInputs.constant(ctx, 1, "pads", IndexInputs.INT64);
    Optional<long[]> axes = IndexInputs.constant(ctx, 3, "axes", IndexInputs.INT32_OR_64);
    if (ctx.hasInput(3) && axes.isEmpty()) {
      return List.of(new TensorType(x.dtype(), Dims.unknown(x.rank())));
    }
    if (pads.isPresent()) {
      return List.of(new TensorType(x.dtype(), plan(node, x.dims(), pads.get(), axes.orElse(null)).dims()));
    }
    int padded = axes.map(a -> IndexInputs.axes(node, a, x.rank(), "axes").length).orElse(x.rank());
    if (padsLen >= 0 && padsLen != 2L * padded) {
      throw node.invalid("pads has " + padsLen + " entries, expected " + 2 * padded);
    }
    List<Dim> dims = new ArrayList<>(x.dims());
    if (axes.isPresent()) {
      for (int a : IndexInputs.axes(node, axes.get(), x.rank(), "axes")) {
        dims.set(a, Dim.unknown());
      }
    } else {
      dims = Dims.unknown(x.rank());
    }
    return List.of(new TensorType(x.dtype(), dims));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    long[] pads = IndexInputs.values(node, inputs.get(1), "pads", IndexInputs.INT64);
    Tensor value = inputs.size() > 2 ? inputs.get(2) : null;
    if (value != null && (value.size() != 1 || value.dtype() != x.dtype())) {
      throw node.invalid("constant_value must be one element of the data's type, is " + value.type());
    }
    long[] axes = IndexInputs.optionalValues(node, inputs.size() > 3 ? inputs.get(3) : null, "axes",
        IndexInputs.INT32_OR_64);
    Plan p = plan(node, Dims.of(x.shape()), pads, axes);
    Mode mode = mode(node);
    int[] outShape = Dims.toShape(p.dims());
    int[] strides = Shapes.strides(x.shape());
    int[][] offsets = new int[outShape.length][];
    for (int k = 0; k < outShape.length; k++) {
      offsets[k] = axisOffsets(mode, outShape[k], x.dim(k), p.begin()[k], p.end()[k], strides[k]);
    }
    return List.of(Remap.apply(x, outShape, offsets, value));
  }

  /** Source offsets along one axis: the kept range [lo, hi) of the input, padded per mode. */
  private static int[] axisOffsets(Mode mode, int outLen, int dim, long begin, long end, int stride) {
    long lo = Math.max(0, -begin);
    long hi = dim - Math.max(0, -end);
    long n = hi - lo;
    long pre = Math.max(0, begin);
    int[] m = new int[outLen];
    for (int o = 0; o < outLen; o++) {
      long j = o - pre; // position relative to the kept range
      long src;
      if (j >= 0 && j < n) {
        src = j;
      } else {
        src = switch (mode) {
          case CONSTANT -> -1;
          case EDGE -> j < 0 ? 0 : n - 1;
          case WRAP -> Math.floorMod(j, n);
          case REFLECT -> reflect(j, n);
        };
      }
      m[o] = src < 0 ? -1 : Math.toIntExact((lo + src) * stride);
    }
    return m;
  }

  /** Mirror without repeating the edge element: period 2(n-1), as numpy's reflect. */
  private static long reflect(long j, long n) {
    if (n == 1) {
      return 0;
    }
    long period = 2 * (n - 1);
    long r = Math.floorMod(j, period);
    return r < n ? r : period - r;
  }
}
