package cnnx.spark;

import cnnx.api.CnnxException;
import cnnx.api.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions of this JVM (one Spark executor), one per shipped model, device and batch: opened by the first task
 * that needs it and reused by every later partition and task, so that an executor compiles or loads kernels and
 * uploads weights once. Sessions run concurrent tasks safely. One that failed with a device error is dropped, so
 * that Spark's retry of the task opens the device afresh.
 */
final class SessionCache {
  /** Which session: what was shipped (its hash), on which device, with which fallback, at which batch. */
  record Key(String modelHash, String device, String fallback, int batch) {}

  /** An open session and, when the requested device could not be opened, why the fallback serves instead. */
  record Entry(Session session, String fallbackFrom) {}

  private static final Map<Key, Entry> OPEN = new ConcurrentHashMap<>();
  private static final AtomicInteger OPENED = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SessionCache::closeAll, "cnnx-close-sessions"));
  }

  private SessionCache() {}

  static Entry get(ShippedModel model, ScoreOptions options, int batch) {
    Key key = new Key(model.hash(), options.device(), options.fallback(), batch);
    return OPEN.computeIfAbsent(key, k -> open(model, options, batch));
  }

  private static Entry open(ShippedModel model, ScoreOptions options, int batch) {
    try {
      Entry e = new Entry(model.open(options.device(), batch), null);
      OPENED.incrementAndGet();
      return e;
    } catch (CnnxException e) {
      // as the API's own fallback: a bad model or plan is the caller's error, never hidden by another device
      if (options.fallback() == null || e.kind() == CnnxException.Kind.INVALID) {
        throw new CnnxException(e.kind(), "executor " + Hosts.name() + ": cannot open device "
            + (options.device() == null ? "of the plan's target" : options.device()) + " for " + model.name()
            + ": " + e.getMessage() + (options.fallback() == null && e.kind() != CnnxException.Kind.INVALID
                ? " (name a fallback device in ScoreOptions.withFallback to run elsewhere)" : ""), e);
      }
      Entry f = new Entry(model.open(options.fallback(), batch),
          (options.device() == null ? "plan target" : options.device()) + ": " + e.getMessage());
      OPENED.incrementAndGet();
      return f;
    }
  }

  /** Closes and forgets a session that failed on its device; the next task opens a new one. */
  static void drop(ShippedModel model, ScoreOptions options, int batch, Entry failed) {
    Key key = new Key(model.hash(), options.device(), options.fallback(), batch);
    if (OPEN.remove(key, failed)) {
      try {
        failed.session().close();
      } catch (CnnxException ignored) {
        // the device is already failing; the task reports the error that brought us here
      }
    }
  }

  /** How many sessions this JVM has opened so far (tests check reuse with it). */
  static int openedCount() {
    return OPENED.get();
  }

  static void closeAll() {
    for (Key k : OPEN.keySet()) {
      Entry e = OPEN.remove(k);
      if (e != null) {
        try {
          e.session().close();
        } catch (CnnxException ignored) {
          // closing at exit: nothing left to report to
        }
      }
    }
  }
}
