package cnnx.host.cli;

import java.io.Console;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for a long step, shown only when the user watches a terminal: piped or redirected
 * output (scripts, tests, logs) gets none, so it never mixes bar frames into results.
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(String task, long total) {
    if (!interactive() || total < 1) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(200).build();
    return new Progress(bar);
  }

  void step() {
    if (bar != null) {
      bar.step();
    }
  }

  void stepTo(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  /** A callback for the API's progress reports (kernel builds, calibration): its own bar per task, on demand. */
  static cnnx.api.ProgressListener listener() {
    if (!interactive()) {
      return null;
    }
    return new cnnx.api.ProgressListener() {
      private Progress current;
      private String task;

      @Override
      public synchronized void progress(String what, long done, long total) {
        if (!what.equals(task)) {
          close();
          task = what;
          current = start(what, total);
        }
        current.stepTo(done);
        if (done >= total) {
          close();
          task = null;
        }
      }

      private void close() {
        if (current != null) {
          current.close();
          current = null;
        }
      }
    };
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /**
   * Whether a person is watching: JDK 22+ hands out a console even when streams are redirected and says whether it
   * is a terminal through {@code Console.isTerminal()}; JDK 21 hands out none then.
   */
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only on a terminal
    }
  }
}
