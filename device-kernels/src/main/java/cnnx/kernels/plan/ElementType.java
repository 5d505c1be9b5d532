package cnnx.kernels.plan;

/** How a device buffer stores its elements: float32, or int64 for indices and integer tensors. */
public enum ElementType {
  FLOAT("float", 4),
  LONG("long", 8);

  private final String openClType;
  private final int bytes;

  ElementType(String openClType, int bytes) {
    this.openClType = openClType;
    this.bytes = bytes;
  }

  public String openClType() {
    return openClType;
  }

  public int bytes() {
    return bytes;
  }
}
