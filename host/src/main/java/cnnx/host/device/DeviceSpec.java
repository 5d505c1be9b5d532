package cnnx.host.device;

import java.util.OptionalInt;

/**
 * A parsed {@code --device} value: {@code reference}, {@code opencl} (the first OpenCL device) or
 * {@code opencl:N}. Parsing checks only the syntax; {@link DeviceRegistry#resolve} finds the
 * device.
 */
public record DeviceSpec(String kind, OptionalInt index) {
  public static final String REFERENCE = "reference";
  public static final String OPENCL = "opencl";

  public DeviceSpec {
    if (!kind.equals(REFERENCE) && !kind.equals(OPENCL)) {
      throw new IllegalArgumentException("unknown device kind '" + kind + "'");
    }
    if (kind.equals(REFERENCE) && index.isPresent()) {
      throw new IllegalArgumentException("the reference device takes no index");
    }
    if (index.isPresent() && index.getAsInt() < 0) {
      throw new IllegalArgumentException("device index must not be negative");
    }
  }

  /**
   * Parses a spec; a malformed one throws {@link IllegalArgumentException} with a message that
   * lists the accepted forms.
   */
  public static DeviceSpec parse(String text) {
    String spec = text == null ? "" : text.strip();
    if (spec.equals(REFERENCE)) {
      return new DeviceSpec(REFERENCE, OptionalInt.empty());
    }
    if (spec.equals(OPENCL)) {
      return new DeviceSpec(OPENCL, OptionalInt.empty());
    }
    String prefix = OPENCL + ":";
    if (spec.startsWith(prefix)) {
      String number = spec.substring(prefix.length());
      if (!number.isEmpty()
          && number.length() <= 9
          && number.chars().allMatch(Character::isDigit)) {
        return new DeviceSpec(OPENCL, OptionalInt.of(Integer.parseInt(number)));
      }
    }
    throw new IllegalArgumentException(
        "bad device '" + text + "': expected reference, opencl or opencl:N (N = 0, 1, ...)");
  }

  @Override
  public String toString() {
    return index.isPresent() ? kind + ":" + index.getAsInt() : kind;
  }
}
