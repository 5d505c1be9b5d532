package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.elementwise.ElementTypes;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;
import java.util.Optional;

/** Range: start + i * delta for i in [0, max(ceil((limit - start) / delta), 0)). */
final class RangeOp implements OpDef {
  private static final String[] NAMES = {"start", "limit", "delta"};

  @Override
  public String opType() {
    return "Range";
  }

  @Override
  public OpCategory category() {
    return OpCategory.SHAPE;
  }

  /** The element count; integer ranges are counted exactly, floating ones in double. */
  static long count(Node node, Tensor start, Tensor limit, Tensor delta) {
    long n;
    if (start.isFloating()) {
      double s = start.getDouble(0);
      double d = delta.getDouble(0);
      if (d == 0 || Double.isNaN(d)) {
        throw node.invalid("delta may not be 0");
      }
      double c = Math.ceil((limit.getDouble(0) - s) / d);
      if (Double.isNaN(c) || Double.isInfinite(c)) {
        throw node.invalid("start, limit and delta give no finite element count");
      }
      n = (long) Math.max(0, Math.min(c, Long.MAX_VALUE / 2));
    } else {
      long s = start.longs()[0];
      long d = delta.longs()[0];
      if (d == 0) {
        throw node.invalid("delta may not be 0");
      }
      long span = limit.longs()[0] - s;
      n = Math.max(0, Math.floorDiv(span, d) + (Math.floorMod(span, d) != 0 ? 1 : 0));
    }
    return Dims.known(node, n, "range length").value();
  }

  private static void checkScalars(Node node, List<TensorType> types) {
    // Opset 27: the accumulation type for float16/bfloat16; cnnx computes in double either way.
    long stash = node.intAttr("stash_type", 1);
    if (stash != DataType.FLOAT.onnxCode() && stash != DataType.DOUBLE.onnxCode()) {
      throw node.invalid("stash_type " + stash + " must be 1 (FLOAT) or 11 (DOUBLE)");
    }
    DataType dtype = types.get(0).dtype();
    if (dtype == DataType.BOOL || (!dtype.isFloating() && ElementTypes.minValue(dtype) == 0)) {
      throw node.invalid("start must be float, double or a signed integer, is " + dtype);
    }
    for (int i = 0; i < 3; i++) {
      TensorType t = types.get(i);
      if (t.dtype() != dtype) {
        throw node.invalid(NAMES[i] + " is " + t.dtype() + " but start is " + dtype);
      }
      Dim size = Dims.product(node, t.dims());
      if (t.rank() > 1 || (size.isKnown() && size.value() != 1)) {
        throw node.invalid(NAMES[i] + " must be a scalar, has type " + t);
      }
    }
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 3, 3);
    Node node = ctx.node();
    List<TensorType> types = List.of(ctx.inputType(0), ctx.inputType(1), ctx.inputType(2));
    checkScalars(node, types);
    Optional<Tensor> s = ctx.constant(0);
    Optional<Tensor> l = ctx.constant(1);
    Optional<Tensor> d = ctx.constant(2);
    Dim len = s.isPresent() && l.isPresent() && d.isPresent()
        ? Dim.of(count(node, s.get(), l.get(), d.get()))
        : Dim.unknown();
    return List.of(new TensorType(types.get(0).dtype(), List.of(len)));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor start = inputs.get(0);
    Tensor delta = inputs.get(2);
    checkScalars(node, List.of(start.type(), inputs.get(1).type(), delta.type()));
    int n = (int) count(node, start, inputs.get(1), delta);
    if (start.isFloating()) {
      double s = start.floats()[0];
      double d = delta.floats()[0];
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) (s + i * d);
      }
      return List.of(Tensor.ofFloats(start.dtype(), new int[] {n}, out));
    }
    long s = start.longs()[0];
    long d = delta.longs()[0];
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = s + i * d;
    }
    return List.of(Tensor.ofLongs(start.dtype(), new int[] {n}, out));
  }
}
