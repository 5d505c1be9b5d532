package cnnx.host.cl;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the OpenCL objects this process holds, per kind, so tests (and debug output) can prove
 * that everything created was released.
 */
public final class LiveObjects {
  /** The kinds of OpenCL object the wrappers own. */
  public enum Kind {
    CONTEXT,
    QUEUE,
    BUFFER,
    PROGRAM,
    KERNEL,
    EVENT
  }

  private static final Map<Kind, AtomicLong> COUNTS = new EnumMap<>(Kind.class);

  static {
    for (Kind kind : Kind.values()) {
      COUNTS.put(kind, new AtomicLong());
    }
  }

  private LiveObjects() {}

  /** How many objects of this kind are currently held. */
  public static long count(Kind kind) {
    return COUNTS.get(kind).get();
  }

  /** All counts at this moment. */
  public static Snapshot snapshot() {
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    COUNTS.forEach((kind, count) -> counts.put(kind, count.get()));
    return new Snapshot(counts);
  }

  static void created(Kind kind) {
    COUNTS.get(kind).incrementAndGet();
  }

  static void released(Kind kind) {
    COUNTS.get(kind).decrementAndGet();
  }

  /** Counts per kind at one moment; compare two with {@link #since(Snapshot)}. */
  public record Snapshot(Map<Kind, Long> counts) {
    public Snapshot {
      counts = Map.copyOf(counts);
    }

    /** Objects created after {@code earlier} and still held (negative: released more). */
    public Map<Kind, Long> since(Snapshot earlier) {
      Map<Kind, Long> delta = new EnumMap<>(Kind.class);
      for (Kind kind : Kind.values()) {
        long d = counts.getOrDefault(kind, 0L) - earlier.counts.getOrDefault(kind, 0L);
        if (d != 0) {
          delta.put(kind, d);
        }
      }
      return delta;
    }
  }
}
