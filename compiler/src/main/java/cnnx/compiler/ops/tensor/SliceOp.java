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
 * Slice with starts/ends/axes/steps inputs. Negative starts and ends count from the end; they are
 * then clamped to [0, dim] for positive steps and [0, dim-1] / [-1, dim-1] for negative ones.
 */
public final class SliceOp implements OpDef {
  /** Anything at or beyond this is "to the end" even for an axis whose size is not known. */
  private static final long OPEN = Integer.MAX_VALUE;

  @Override
  public String opType() {
    return "Slice";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /** Per axis of the input: first index, step and count of the slice. */
  public record Plan(long[] start, long[] step, List<Dim> dims) {}

  /**
   * Resolves starts, ends, axes (null: 0..n-1) and steps (null: all 1) against the input dims; the
   * generated kernels read the same plan, so they slice exactly as the reference does.
   */
  public static Plan plan(Node node, List<Dim> in, long[] starts, long[] ends, long[] axesIn, long[] stepsIn) {
    int rank = in.size();
    int n = starts.length;
    if (ends.length != n) {
      throw node.invalid("starts has " + n + " entries but ends has " + ends.length);
    }
    long[] axesV = axesIn;
    if (axesV == null) {
      axesV = new long[n];
      for (int i = 0; i < n; i++) {
        axesV[i] = i;
      }
    }
    if (axesV.length != n) {
      throw node.invalid("starts has " + n + " entries but axes has " + axesV.length);
    }
    if (stepsIn != null && stepsIn.length != n) {
      throw node.invalid("starts has " + n + " entries but steps has " + stepsIn.length);
    }
    int[] axes = IndexInputs.axes(node, axesV, rank, "axes");
    long[] start = new long[rank];
    long[] step = new long[rank];
    Arrays.fill(step, 1);
    List<Dim> out = new ArrayList<>(in);
    for (int i = 0; i < n; i++) {
      int a = axes[i];
      long st = stepsIn == null ? 1 : stepsIn[i];
      if (st == 0) {
        throw node.invalid("steps may not be 0 (axis " + a + ")");
      }
      step[a] = st;
      Dim d = in.get(a);
      if (!d.isKnown()) {
        boolean whole = st == 1 && starts[i] == 0 && ends[i] >= OPEN;
        out.set(a, whole ? d : Dim.unknown());
        continue;
      }
      long dim = d.value();
      long s = starts[i] < 0 ? starts[i] + dim : starts[i];
      long e = ends[i] < 0 ? ends[i] + dim : ends[i];
      long count;
      if (st > 0) {
        s = clamp(s, 0, dim);
        e = clamp(e, 0, dim);
        count = e > s ? (e - s + st - 1) / st : 0;
      } else {
        s = clamp(s, 0, dim - 1);
        e = clamp(e, -1, dim - 1);
        count = s > e ? (s - e - st - 1) / -st : 0;
      }
      start[a] = s;
      out.set(a, Dim.of(count));
    }
    return new Plan(start, step, out);
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 3, 5);
    Node node = ctx.node();
    TensorType x = ctx.inputType(0);
    String[] names = {"starts", "ends", "axes", "steps"};
    long[][] values = new long[4][];
    boolean allConstant = true;
    long len = -1;
    for (int i = 0; i < 4; i++) {
      if (!ctx.hasInput(i + 1)) {
        continue;
      }
      long l = IndexInputs.length(ctx, i + 1, names[i], IndexInputs.INT32_OR_64);
      if (l >= 0 && len >= 0 && l != len) {
        throw node.invalid("starts, ends, axes and steps must have equal lengths");
      }
      len = Math.max(len, l);
      Optional<long[]> v = IndexInputs.constant(ctx, i + 1, names[i], IndexInputs.INT32_OR_64);
      values[i] = v.orElse(null);
      allConstant &= v.isPresent();
    }
    if (allConstant) {
      return List.of(new TensorType(x.dtype(), plan(node, x.dims(), values[0], values[1], values[2], values[3]).dims()));
    }
    List<Dim> dims = Dims.unknown(x.rank());
    if (!ctx.hasInput(3) || values[2] != null) {
      // the sliced axes are known: every other axis keeps its dim
      long[] axes = values[2];
      if (axes == null && len >= 0) {
        axes = new long[(int) len];
        for (int i = 0; i < len; i++) {
          axes[i] = i;
        }
      }
      if (axes != null) {
        dims = new ArrayList<>(x.dims());
        for (int a : IndexInputs.axes(node, axes, x.rank(), "axes")) {
          dims.set(a, Dim.unknown());
        }
      }
    }
    return List.of(new TensorType(x.dtype(), dims));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    long[] starts = IndexInputs.values(node, inputs.get(1), "starts", IndexInputs.INT32_OR_64);
    long[] ends = IndexInputs.values(node, inputs.get(2), "ends", IndexInputs.INT32_OR_64);
    long[] axes = IndexInputs.optionalValues(node, inputs.size() > 3 ? inputs.get(3) : null, "axes",
        IndexInputs.INT32_OR_64);
    long[] steps = IndexInputs.optionalValues(node, inputs.size() > 4 ? inputs.get(4) : null, "steps",
        IndexInputs.INT32_OR_64);
    Plan p = plan(node, Dims.of(x.shape()), starts, ends, axes, steps);
    int[] outShape = Dims.toShape(p.dims());
    int[] strides = Shapes.strides(x.shape());
    int[][] offsets = new int[outShape.length][];
    for (int k = 0; k < outShape.length; k++) {
      offsets[k] = Remap.strided(outShape[k], p.start()[k], p.step()[k], strides[k]);
    }
    return List.of(Remap.apply(x, outShape, offsets, null));
  }
}
