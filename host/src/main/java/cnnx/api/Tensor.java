package cnnx.api;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.onnx.TensorFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable tensor: element type, shape and data. Floating tensors are stored as float32; integer and
 * boolean ones as 64-bit integers.
 */
public final class Tensor {
  private final cnnx.compiler.ir.Tensor inner;

  private Tensor(cnnx.compiler.ir.Tensor inner) {
    this.inner = inner;
  }

  static Tensor wrap(cnnx.compiler.ir.Tensor t) {
    return new Tensor(t);
  }

  cnnx.compiler.ir.Tensor unwrap() {
    return inner;
  }

  /** A float32 tensor; the array is copied. */
  public static Tensor ofFloats(int[] shape, float... data) {
    return Failures.named(() -> new Tensor(cnnx.compiler.ir.Tensor.ofFloats(shape.clone(), data.clone())));
  }

  /** A float32 tensor from a buffer's remaining elements. */
  public static Tensor ofFloats(int[] shape, FloatBuffer data) {
    return Failures.named(() -> new Tensor(cnnx.compiler.ir.Tensor.ofFloats(shape.clone(), data)));
  }

  /** An int64 tensor; the array is copied. */
  public static Tensor ofLongs(int[] shape, long... data) {
    return Failures.named(() -> new Tensor(cnnx.compiler.ir.Tensor.ofLongs(shape.clone(), data.clone())));
  }

  /** One image as a batch of one, preprocessed as {@code p} says (see {@link Preprocessing}). */
  public static Tensor fromImage(BufferedImage image, Preprocessing p) {
    return fromImages(List.of(image), p);
  }

  /** Images as one batch, each preprocessed as {@code p} says. */
  public static Tensor fromImages(List<BufferedImage> images, Preprocessing p) {
    int[] shape = p.shape(images.size());
    float[] data = new float[Math.multiplyExact(images.size(), p.channels() * p.height() * p.width())];
    for (int i = 0; i < images.size(); i++) {
      ImagePixels.fill(images.get(i), p, data, i);
    }
    return new Tensor(cnnx.compiler.ir.Tensor.ofFloats(shape, data));
  }

  /** Reads an ONNX TensorProto file ({@code .pb}). */
  public static Tensor read(Path file) {
    return Failures.call(() -> new Tensor(TensorFiles.read(file)));
  }

  /** Writes this tensor as an ONNX TensorProto file named {@code name}. */
  public void write(Path file, String name) {
    Failures.run(() -> {
      try {
        TensorFiles.write(file, name, inner);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public int[] shape() {
    return inner.shape();
  }

  /** ONNX's name of the element type: FLOAT, INT64, ... */
  public String elementType() {
    return inner.dtype().name();
  }

  public boolean isFloating() {
    return inner.dtype().isFloating();
  }

  public long size() {
    return inner.size();
  }

  /** The elements as floats (a copy); integer tensors are converted. */
  public float[] floats() {
    if (inner.isFloating()) {
      return inner.floats().clone();
    }
    long[] l = inner.longs();
    float[] f = new float[l.length];
    for (int i = 0; i < l.length; i++) {
      f[i] = l[i];
    }
    return f;
  }

  /** The elements of an integer tensor (a copy). */
  public long[] longs() {
    if (inner.isFloating()) {
      throw new CnnxException(CnnxException.Kind.INVALID, "a " + elementType() + " tensor has no integer elements");
    }
    return inner.longs().clone();
  }

  /** The elements of a float tensor as a read-only buffer. */
  public FloatBuffer asFloatBuffer() {
    return inner.asFloatBuffer();
  }

  /** "FLOAT[2x3x224x224]". */
  @Override
  public String toString() {
    return inner.type().toString();
  }

  /** Element type and shape as ONNX types print them. */
  public String type() {
    return inner.type().toString();
  }

  static DataType dtype(String name) {
    return DataType.valueOf(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(t.shape(), shape()) && t.elementType().equals(elementType())
        && (isFloating() ? Arrays.equals(t.inner.floats(), inner.floats()) : Arrays.equals(t.inner.longs(), inner.longs()));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape());
  }
}
