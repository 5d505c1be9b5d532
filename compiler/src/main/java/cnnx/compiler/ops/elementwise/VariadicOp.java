package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.verify.ToleranceClass;
import java.util.ArrayList;
import java.util.List;

/** Max, Min, Sum and Mean of one or more inputs broadcast together; floats accumulate in double. */
final class VariadicOp extends SingleOutputOp {
  enum Kind {
    MAX,
    MIN,
    SUM,
    MEAN
  }

  private final Kind kind;

  VariadicOp(String opType, Kind kind) {
    super(opType, OpCategory.BROADCAST);
    this.kind = kind;
  }

  @Override
  ToleranceClass usualToleranceClass() {
    return kind == Kind.SUM || kind == Kind.MEAN ? ToleranceClass.ACCUMULATING : ToleranceClass.EXACT;
  }

  @Override
  TensorType infer(InferenceContext ctx) {
    int n = ctx.inputCount();
    requireInputs(ctx, Math.max(1, n), Math.max(1, n));
    List<TensorType> types = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      types.add(ctx.inputType(i));
    }
    DataType t = types.get(0).dtype();
    boolean minMax = kind == Kind.MAX || kind == Kind.MIN;
    ElementTypes.require(ctx.node(), "input 0", t, minMax ? ElementTypes.NUMERIC : ElementTypes.FLOATING);
    for (int i = 1; i < n; i++) {
      if (types.get(i).dtype() != t) {
        throw ctx.node().invalid("input " + i + " has element type " + types.get(i).dtype()
            + ", input 0 has " + t);
      }
    }
    return new TensorType(t, Broadcast.dims(ctx.node(), types));
  }

  @Override
  Tensor compute(Node node, List<Tensor> inputs, DataType dtype, int[] shape) {
    int n = Shapes.size(shape);
    if (dtype.isFloating()) {
      double[] acc = new double[n];
      for (int k = 0; k < inputs.size(); k++) {
        float[] a = inputs.get(k).floats();
        int[] map = Broadcast.indexMapOrNull(inputs.get(k).shape(), shape);
        for (int i = 0; i < n; i++) {
          double v = a[Broadcast.at(map, i)];
          acc[i] = k == 0 ? v : switch (kind) {
            case MAX -> Math.max(acc[i], v);
            case MIN -> Math.min(acc[i], v);
            case SUM, MEAN -> acc[i] + v;
          };
        }
      }
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = (float) (kind == Kind.MEAN ? acc[i] / inputs.size() : acc[i]);
      }
      return Tensor.ofFloats(dtype, shape, out);
    }
    long[] out = new long[n];
    for (int k = 0; k < inputs.size(); k++) {
      long[] a = inputs.get(k).longs();
      int[] map = Broadcast.indexMapOrNull(inputs.get(k).shape(), shape);
      for (int i = 0; i < n; i++) {
        long v = a[Broadcast.at(map, i)];
        out[i] = k == 0 ? v : kind == Kind.MAX ? Math.max(out[i], v) : Math.min(out[i], v);
      }
    }
    return Tensor.ofLongs(dtype, shape, out);
  }
}
