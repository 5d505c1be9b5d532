package cnnx.kernels.plan;

/**
 * One logical buffer of a plan: the storage of one graph value.
 *
 * @param id index in {@link Plan#buffers()}
 * @param value the graph value (for provenance and debugging)
 * @param type element storage
 * @param elements element count
 * @param slot the physical allocation it lives in (memory planning shares slots between buffers
 *     whose lifetimes do not overlap)
 */
public record BufferSpec(int id, String value, ElementType type, long elements, int slot) {
  public long bytes() {
    return elements * type.bytes();
  }
}
