package cnnx.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The static type of a value: element type and (possibly symbolic) dimensions. */
public record TensorType(DataType dtype, List<Dim> dims) {
  public TensorType {
    dims = List.copyOf(dims);
  }

  public static TensorType of(DataType dtype, long... dims) {
    List<Dim> list = new ArrayList<>(dims.length);
    for (long d : dims) {
      list.add(Dim.of(d));
    }
    return new TensorType(dtype, list);
  }

  public static TensorType of(DataType dtype, int[] dims) {
    List<Dim> list = new ArrayList<>(dims.length);
    for (int d : dims) {
      list.add(Dim.of(d));
    }
    return new TensorType(dtype, list);
  }

  public int rank() {
    return dims.size();
  }

  public Dim dim(int i) {
    return dims.get(i);
  }

  /** True when every dimension is a known size. */
  public boolean isStatic() {
    return dims.stream().allMatch(Dim::isKnown);
  }

  /** The sizes; only for static types. */
  public int[] shape() {
    int[] s = new int[dims.size()];
    for (int i = 0; i < s.length; i++) {
      Dim d = dims.get(i);
      if (!d.isKnown()) {
        throw new IllegalStateException("type " + this + " is not static");
      }
      s[i] = Math.toIntExact(d.value());
    }
    return s;
  }

  public TensorType withDtype(DataType t) {
    return new TensorType(t, dims);
  }

  @Override
  public String toString() {
    return dtype.name().toLowerCase()
        + dims.stream().map(Dim::toString).collect(Collectors.joining("x", "[", "]"));
  }
}
