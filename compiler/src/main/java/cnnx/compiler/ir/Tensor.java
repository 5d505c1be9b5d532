package cnnx.compiler.ir;

import java.util.Arrays;

/**
 * A concrete tensor. Floating tensors hold float32 elements; integer and bool tensors hold int64
 * elements (bool as 0/1). The arrays are shared, not copied: treat them as read-only once built.
 */
public final class Tensor {
  private final DataType dtype;
  private final int[] shape;
  private final float[] floats;
  private final long[] longs;

  private Tensor(DataType dtype, int[] shape, float[] floats, long[] longs) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.floats = floats;
    this.longs = longs;
    int n = Shapes.size(this.shape);
    int have = floats != null ? floats.length : longs.length;
    if (have != n) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " needs " + n + " elements, got " + have);
    }
  }

  public static Tensor ofFloats(int[] shape, float[] data) {
    return new Tensor(DataType.FLOAT, shape, data, null);
  }

  /** A float tensor holding a copy of the buffer's remaining elements (position unchanged). */
  public static Tensor ofFloats(int[] shape, java.nio.FloatBuffer data) {
    float[] a = new float[data.remaining()];
    data.duplicate().get(a);
    return ofFloats(shape, a);
  }

  /** A read-only view of the float elements, e.g. to hand results to NIO or native code. */
  public java.nio.FloatBuffer asFloatBuffer() {
    return java.nio.FloatBuffer.wrap(floats()).asReadOnlyBuffer();
  }

  /**
   * A floating tensor held in float32 (cnnx computes in float32). FLOAT16 and BFLOAT16 elements
   * are rounded to their format, in a copy when that changes any of them.
   */
  public static Tensor ofFloats(DataType dtype, int[] shape, float[] data) {
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException("float storage for " + dtype);
    }
    return new Tensor(dtype, shape, dtype.isHalf() ? roundedTo(dtype, data) : data, null);
  }

  private static float[] roundedTo(DataType dtype, float[] data) {
    float[] out = data;
    for (int i = 0; i < data.length; i++) {
      float r = dtype.round(data[i]);
      if (Float.floatToRawIntBits(r) != Float.floatToRawIntBits(data[i])) {
        if (out == data) {
          out = data.clone();
        }
        out[i] = r;
      }
    }
    return out;
  }

  public static Tensor ofLongs(DataType dtype, int[] shape, long[] data) {
    if (dtype.isFloating()) {
      throw new IllegalArgumentException("integer storage for " + dtype);
    }
    return new Tensor(dtype, shape, null, data);
  }

  public static Tensor ofLongs(int[] shape, long[] data) {
    return ofLongs(DataType.INT64, shape, data);
  }

  public static Tensor scalar(float v) {
    return ofFloats(new int[0], new float[] {v});
  }

  public static Tensor scalarLong(long v) {
    return ofLongs(new int[0], new long[] {v});
  }

  /** A 1-D int64 tensor, as used for shapes, axes and indices. */
  public static Tensor vector(long... values) {
    return ofLongs(new int[] {values.length}, values.clone());
  }

  public static Tensor zeros(DataType dtype, int[] shape) {
    int n = Shapes.size(shape);
    return dtype.isFloating()
        ? ofFloats(dtype, shape, new float[n])
        : ofLongs(dtype, shape, new long[n]);
  }

  public DataType dtype() {
    return dtype;
  }

  public boolean isFloating() {
    return floats != null;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  public int size() {
    return floats != null ? floats.length : longs.length;
  }

  /** The float32 elements; only for floating tensors. Not copied. */
  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("tensor of " + dtype + " has no float elements");
    }
    return floats;
  }

  /** The int64 elements; only for integer and bool tensors. Not copied. */
  public long[] longs() {
    if (longs == null) {
      throw new IllegalStateException("tensor of " + dtype + " has no integer elements");
    }
    return longs;
  }

  /** Element i as a double, whatever the storage. */
  public double getDouble(int i) {
    return floats != null ? floats[i] : longs[i];
  }

  /** Element i as a long, whatever the storage (floats truncated). */
  public long getLong(int i) {
    return floats != null ? (long) floats[i] : longs[i];
  }

  public TensorType type() {
    return TensorType.of(dtype, shape);
  }

  /** The same elements under another shape of equal size. */
  public Tensor reshape(int[] newShape) {
    return new Tensor(dtype, newShape, floats, longs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && t.dtype == dtype
        && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.floats, floats)
        && Arrays.equals(t.longs, longs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(longs));
  }

  @Override
  public String toString() {
    return "Tensor" + type();
  }
}
