package cnnx.host.device.aparapi;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Aparapi reports why it left OpenCL (a kernel it cannot translate, a build failure) only as a log warning. This
 * takes its loggers off the console and keeps their warnings per launch, so a thread-pool run can be refused
 * with Aparapi's own reason instead of going unnoticed.
 */
final class AparapiLog {
  // Held strongly: java.util.logging keeps loggers only weakly, and a collected one would lose the handler.
  private static final Logger APARAPI = Logger.getLogger("com.aparapi");
  private static final ThreadLocal<List<String>> CAPTURED = new ThreadLocal<>();

  static {
    APARAPI.setUseParentHandlers(false);
    APARAPI.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        List<String> sink = CAPTURED.get();
        if (sink != null && r.getLevel().intValue() >= Level.WARNING.intValue() && r.getMessage() != null) {
          sink.add(r.getMessage().strip());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  private AparapiLog() {}

  /** Call before any Aparapi class logs. */
  static void install() {}

  /** Starts keeping this thread's Aparapi warnings. */
  static void start() {
    CAPTURED.set(new ArrayList<>());
  }

  /** The warnings since {@link #start}, and stops keeping them. */
  static List<String> stop() {
    List<String> got = CAPTURED.get();
    CAPTURED.remove();
    return got == null ? List.of() : got;
  }
}
