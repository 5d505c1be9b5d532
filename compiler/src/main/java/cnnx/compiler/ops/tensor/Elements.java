package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;

/** Element storage independent of element type: float[] for floating tensors, long[] otherwise. */
final class Elements {
  private Elements() {}

  /** The backing array of a tensor (float[] or long[]). */
  static Object array(Tensor t) {
    return t.isFloating() ? t.floats() : t.longs();
  }

  static Object allocate(DataType dtype, int n) {
    return dtype.isFloating() ? new float[n] : new long[n];
  }

  static Tensor wrap(DataType dtype, int[] shape, Object array) {
    return dtype.isFloating()
        ? Tensor.ofFloats(dtype, shape, (float[]) array)
        : Tensor.ofLongs(dtype, shape, (long[]) array);
  }

  /** A fresh tensor of the given shape, every element {@code value}'s first element. */
  static Tensor filled(Tensor value, int[] shape) {
    int n = Shapes.size(shape);
    if (value.isFloating()) {
      float[] a = new float[n];
      java.util.Arrays.fill(a, value.floats()[0]);
      return Tensor.ofFloats(value.dtype(), shape, a);
    }
    long[] a = new long[n];
    java.util.Arrays.fill(a, value.longs()[0]);
    return Tensor.ofLongs(value.dtype(), shape, a);
  }
}
