package cnnx.kernels.plan;

import java.util.Arrays;

/**
 * A model input or output as a plan sees it: name, ONNX element type code and static shape. With these a
 * plan checks its inputs and types its outputs without the graph it was compiled from.
 *
 * @param onnxType ONNX's {@code TensorProto.DataType} code (1 float, 7 int64, ...)
 */
public record TensorSpec(String name, int onnxType, int[] shape) {
  public TensorSpec {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public long elements() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t && t.name.equals(name) && t.onnxType == onnxType
        && Arrays.equals(t.shape, shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape) + onnxType;
  }

  @Override
  public String toString() {
    return name + ":" + onnxType + Arrays.toString(shape);
  }
}
