package cnnx.kernels.plan;

/**
 * One logical buffer of a plan: the storage of one graph value.
 *
 * @param id index in {@link Plan#buffers()}
 * @param value the graph value (for provenance and debugging)
 * @param type element storage
 * @param elements element count
 * @param slot the physical allocation it lives in (memory planning shares slots between buffers
 *     whose lifetimes do not overlap); -1 before memory planning
 * @param shape the value's shape, so that a launch's outputs can be read back as tensors
 * @param onnxType the value's ONNX element type code (1 float, 7 int64, ...)
 */
public record BufferSpec(int id, String value, ElementType type, long elements, int slot, int[] shape, int onnxType) {
  public BufferSpec {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public long bytes() {
    return elements * type.bytes();
  }

  /** The same buffer placed in a slot. */
  public BufferSpec inSlot(int s) {
    return new BufferSpec(id, value, type, elements, s, shape, onnxType);
  }
}
