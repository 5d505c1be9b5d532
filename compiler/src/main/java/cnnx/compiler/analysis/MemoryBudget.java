package cnnx.compiler.analysis;

import cnnx.compiler.error.InvalidModelException;
import java.util.List;
import java.util.Locale;

/**
 * How many bytes a run may take, checked against the memory a run will need before anything is
 * allocated; over budget is an {@link InvalidModelException} naming the largest tensors.
 *
 * @param bytes the budget
 * @param source where the figure comes from ("--memory-limit", "JVM heap", "device global memory")
 */
public record MemoryBudget(long bytes, String source) {
  public MemoryBudget {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory budget must be positive, is " + bytes);
    }
  }

  /**
   * Half of what the JVM heap can still take now (maximum heap less what is in use): a tensor is one
   * array, which needs contiguous heap, and the collector needs room to work; a run sized to all
   * of the free heap still ends in an OutOfMemoryError (found by the differential fuzzer).
   */
  public static MemoryBudget jvmHeap() {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    return new MemoryBudget(Math.max(1, (rt.maxMemory() - used) / 2), "half the free JVM heap");
  }

  /** Refuses a run that needs more than the budget. */
  public void check(String what, long needed, List<MemoryEstimate.Sized> largest) {
    if (needed > bytes) {
      throw new InvalidModelException(what + " needs " + human(needed) + " at its peak, over the memory limit of "
          + human(bytes) + " (" + source + "); largest tensors: " + largest);
    }
  }

  /** Parses a size such as 512M, 2G, 1.5GiB or 1048576 (bytes). */
  public static long parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> unit = 1L << 10;
        case 'M' -> unit = 1L << 20;
        case 'G' -> unit = 1L << 30;
        case 'T' -> unit = 1L << 40;
        default -> unit = 1;
      }
    }
    String number = unit == 1 ? t : t.substring(0, t.length() - 1);
    double v;
    try {
      v = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 512M or 2G)");
    }
    if (!(v > 0) || Double.isInfinite(v) || v * unit >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("a memory limit must be a positive size, is '" + text + "'");
    }
    return (long) Math.ceil(v * unit);
  }

  /** Bytes as B, KiB, MiB or GiB with one decimal. */
  public static String human(long bytes) {
    if (bytes == Long.MAX_VALUE) {
      return "more than 8 EiB";
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
