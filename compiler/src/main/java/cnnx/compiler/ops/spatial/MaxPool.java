package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.verify.ToleranceClass;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * MaxPool-12: the largest input in each window (padding never wins), of a float tensor or, as
 * MaxPool-12 allows, an int8 or uint8 one (held exactly as floats while pooling). The optional Indices output
 * holds, per output, the flat index of the first maximum in the whole input tensor; with
 * storage_order 1 the spatial part of that index is column-major (first spatial axis fastest).
 * A window with no tap inside the input yields the lowest value of the type and index -1.
 */
final class MaxPool implements OpDef {
  /** The integer element types MaxPool-12 takes besides the float ones. */
  static final Set<DataType> INTEGERS = Set.of(DataType.INT8, DataType.UINT8);

  @Override
  public String opType() {
    return "MaxPool";
  }

  @Override
  public OpCategory category() {
    return OpCategory.POOL;
  }

  /** A max is exact: no sum, unlike the other pools. */
  @Override
  public ToleranceClass toleranceClass() {
    return ToleranceClass.EXACT;
  }

  private static boolean columnMajor(Node node) {
    return Checks.flag(node, "storage_order", 0);
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Pooling.Plan p = Pooling.plan(ctx, 2, INTEGERS);
    columnMajor(ctx.node());
    TensorType y = p.output();
    return wantsIndices(ctx.node()) ? List.of(y, y.withDtype(DataType.INT64)) : List.of(y);
  }

  private static boolean wantsIndices(Node node) {
    return node.outputs().size() > 1 && !node.output(1).isEmpty();
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Pooling.Plan p = Pooling.plan(new ConcreteContext(node, inputs), 2, INTEGERS);
    boolean colMajor = columnMajor(node);
    boolean indices = wantsIndices(node);
    Tensor x = inputs.get(0);
    float[] xs = x.isFloating() ? x.floats() : asFloats(x.longs());
    PoolWindows win = PoolWindows.of(p.geometry());
    int[] outShape = p.output().shape();
    float[] y = new float[Shapes.size(outShape)];
    long[] ind = indices ? new long[y.length] : null;
    int[] inSpatial = Arrays.copyOfRange(x.shape(), 2, x.rank());
    IntStream.range(0, p.planes()).parallel().forEach(plane -> {
      int base = plane * win.inPlane();
      int outBase = plane * win.outPlane();
      int[] start = win.start();
      int[] offsets = win.offsets();
      for (int o = 0; o < win.outPlane(); o++) {
        float best = -Float.MAX_VALUE;
        int at = -1;
        for (int t = start[o]; t < start[o + 1]; t++) {
          float v = xs[base + offsets[t]];
          // As ONNX Runtime (best = max(v, best) in C++): from the lowest float, a larger tap or a
          // NaN replaces the best, and any tap replaces a NaN; ties keep the first tap.
          if (v > best || v != v || best != best) {
            best = v;
            at = offsets[t];
          }
        }
        y[outBase + o] = best;
        if (ind != null) {
          ind[outBase + o] = at < 0 ? -1 : (long) base + (colMajor ? columnMajorOffset(at, inSpatial) : at);
        }
      }
    });
    Tensor out = x.isFloating() ? Tensor.ofFloats(x.dtype(), outShape, y)
        : Tensor.ofLongs(x.dtype(), outShape, asLongs(y, x.dtype() == DataType.INT8 ? Byte.MIN_VALUE : 0));
    return indices ? List.of(out, Tensor.ofLongs(DataType.INT64, outShape, ind)) : List.of(out);
  }

  private static float[] asFloats(long[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = v[i];
    }
    return f;
  }

  /** Back to integers; an empty window's lowest float becomes the type's lowest value. */
  private static long[] asLongs(float[] v, long lowest) {
    long[] l = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = v[i] == -Float.MAX_VALUE ? lowest : (long) v[i];
    }
    return l;
  }

  /** The row-major in-plane offset re-expressed with the first spatial axis varying fastest. */
  private static int columnMajorOffset(int rowMajor, int[] dims) {
    int rest = rowMajor;
    int result = 0;
    int[] colStride = new int[dims.length];
    int acc = 1;
    for (int a = 0; a < dims.length; a++) {
      colStride[a] = acc;
      acc *= dims[a];
    }
    for (int a = dims.length - 1; a >= 0; a--) {
      result += (rest % dims[a]) * colStride[a];
      rest /= dims[a];
    }
    return result;
  }
}
