package cnnx.host.cl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the JDK's signal-chaining library (libjsig) is loaded. An OpenCL driver whose compiler is LLVM (PoCL)
 * installs its own handlers for SIGSEGV and other signals the JVM itself relies on; without libjsig they replace the
 * JVM's, and the JVM can then die on one of its own signals with no error report. The cnnx launcher and the test
 * JVMs preload it; a program embedding cnnx is told once, when its first OpenCL context opens.
 */
final class SignalChaining {
  private static final System.Logger LOG = System.getLogger(SignalChaining.class.getName());
  private static final Path MAPS = Path.of("/proc/self/maps");
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  private SignalChaining() {}

  /** Logs a warning, once per process, where the process map is readable and shows no libjsig. */
  static void warnOnceIfMissing() {
    if (!CHECKED.compareAndSet(false, true)) {
      return;
    }
    if (loaded() == Loaded.NO) {
      LOG.log(
          Level.WARNING,
          "libjsig is not preloaded: the OpenCL driver's compiler may replace the JVM's signal handlers, and the"
              + " JVM can then crash without a report. Start java with LD_PRELOAD=$JAVA_HOME/lib/libjsig.so"
              + " (the cnnx launcher does).");
    }
  }

  enum Loaded {
    YES,
    NO,
    UNKNOWN
  }

  /** Reads this process's map of loaded libraries; UNKNOWN where there is none to read (not Linux). */
  static Loaded loaded() {
    if (!Files.isReadable(MAPS)) {
      return Loaded.UNKNOWN;
    }
    try {
      return mentionsJsig(Files.readString(MAPS)) ? Loaded.YES : Loaded.NO;
    } catch (IOException | RuntimeException e) {
      return Loaded.UNKNOWN;
    }
  }

  static boolean mentionsJsig(String maps) {
    return maps.lines().anyMatch(line -> line.endsWith("/libjsig.so"));
  }
}
