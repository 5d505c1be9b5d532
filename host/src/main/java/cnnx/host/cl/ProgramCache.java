package cnnx.host.cl;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The programs built on one context, shared by every executable loaded on it: a program is built
 * once per (source, build options) and handed out as {@link Lease}s. A program in use is never
 * released by one user's close; when its last lease closes it is released, or kept idle (up to
 * {@link #retainIdle} programs, least recently used released first) for the next executable that
 * needs it. Closing the context releases every program, leased or idle.
 */
public final class ProgramCache {
  private final ClContext context;
  private final Map<Key, Entry> entries = new HashMap<>();
  /** Programs no lease holds, oldest use first. */
  private final LinkedHashMap<Key, Entry> idle = new LinkedHashMap<>();
  private int retainIdle;
  private long hits;
  private long misses;

  ProgramCache(ClContext context) {
    this.context = context;
  }

  /** A user's hold on a shared program; closing it gives the program back (once). */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public ClProgram program() {
      return entry.program;
    }

    @Override
    public void close() {
      synchronized (ProgramCache.this) {
        if (closed) {
          return;
        }
        closed = true;
        giveBack(entry);
      }
    }
  }

  /** How often a lease found its program already built, and what is held now. */
  public record Stats(long hits, long misses, int programs, int idle) {
    /** Hits over all leases, 0 when none. */
    public double hitRate() {
      return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }
  }

  private record Key(String source, String options) {}

  private static final class Entry {
    final Key key;
    ClProgram program;
    int leases;
    boolean building;

    Entry(Key key) {
      this.key = key;
    }
  }

  /**
   * Keeps up to {@code programs} programs that no executable uses any more, so the next one that
   * needs them skips the build (0, the default: release a program with its last lease).
   */
  public synchronized void retainIdle(int programs) {
    if (programs < 0) {
      throw new IllegalArgumentException("idle programs must be >= 0, got " + programs);
    }
    retainIdle = programs;
    trimIdle();
  }

  public synchronized Stats stats() {
    return new Stats(hits, misses, entries.size(), idle.size());
  }

  /**
   * A lease on the program for {@code source} and {@code options}: the one already built on this
   * context, else the one {@code build} makes (only one thread builds a given key; others wait for
   * it). A failed build caches nothing and throws.
   */
  public Lease acquire(String source, String options, Supplier<ClProgram> build) {
    Key key = new Key(source, options == null ? "" : options);
    Entry entry;
    synchronized (this) {
      context.ensureOpen();
      entry = entries.computeIfAbsent(key, Entry::new);
      while (entry.building) {
        waitForBuild();
        entry = entries.computeIfAbsent(key, Entry::new);
      }
      if (entry.program != null && !entry.program.isClosed()) {
        hits++;
        entry.leases++;
        idle.remove(key);
        return new Lease(entry);
      }
      misses++;
      entry.building = true;
    }
    ClProgram built = null;
    try {
      built = build.get();
    } finally {
      synchronized (this) {
        entry.building = false;
        if (built == null) {
          entries.remove(key, entry);
        } else {
          entry.program = built;
          entry.leases = 1;
        }
        notifyAll();
      }
    }
    return new Lease(entry);
  }

  private void waitForBuild() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeviceException("interrupted while another thread built the same program");
    }
  }

  private void giveBack(Entry entry) {
    if (--entry.leases > 0) {
      return;
    }
    if (retainIdle > 0 && !entry.program.isClosed()) {
      idle.put(entry.key, entry);
      trimIdle();
    } else {
      release(entry);
    }
  }

  private void trimIdle() {
    Iterator<Entry> oldest = idle.values().iterator();
    while (idle.size() > retainIdle && oldest.hasNext()) {
      Entry e = oldest.next();
      oldest.remove();
      release(e);
    }
  }

  private void release(Entry entry) {
    entries.remove(entry.key, entry);
    entry.program.close();
  }

  /** Forgets every program; the context releases them with its other leftovers. */
  synchronized void clear() {
    entries.clear();
    idle.clear();
  }
}
