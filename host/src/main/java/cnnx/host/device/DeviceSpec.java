package cnnx.host.device;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code --device} value: a provider kind, optionally with an index ({@code reference}, {@code opencl},
 * {@code opencl:1}). Parsing checks only the syntax; the {@link DeviceRegistry} finds the provider and the
 * provider the device.
 */
public record DeviceSpec(String kind, OptionalInt index) {
  private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9-]*)(?::([0-9]{1,9}))?");

  public DeviceSpec {
    if (!FORM.matcher(kind).matches() || kind.contains(":")) {
      throw new IllegalArgumentException("bad device kind '" + kind + "'");
    }
    if (index.isPresent() && index.getAsInt() < 0) {
      throw new IllegalArgumentException("device index must not be negative");
    }
  }

  /** Parses {@code KIND} or {@code KIND:N}; anything else is an {@link IllegalArgumentException}. */
  public static DeviceSpec parse(String text) {
    String spec = text == null ? "" : text.strip();
    Matcher m = FORM.matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad device '" + text + "': expected KIND or KIND:N, e.g. reference, opencl"
          + " or opencl:N (N = 0, 1, ...)");
    }
    return new DeviceSpec(m.group(1), m.group(2) == null ? OptionalInt.empty()
        : OptionalInt.of(Integer.parseInt(m.group(2))));
  }

  @Override
  public String toString() {
    return index.isPresent() ? kind + ":" + index.getAsInt() : kind;
  }
}
