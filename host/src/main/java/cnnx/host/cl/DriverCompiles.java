package cnnx.host.cl;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One driver program operation at a time in this process: program creation, builds, binary queries (which make
 * PoCL compile every kernel again), kernel creation and the release of programs and kernels wait for each other,
 * whatever context they are on. PoCL 3.1 (LLVM 15) crashed the process (SIGSEGV) with two compiles at once: in 3 of
 * 7 cold ResNet-18 runs building two programs of one context, and in runs of the test suite whose threads built,
 * loaded and released programs at once. The calls besides builds take microseconds, so the lock costs nothing
 * measurable; launches stay outside it.
 */
final class DriverCompiles {
  private static final ReentrantLock LOCK = new ReentrantLock();

  private DriverCompiles() {}

  static <T> T serially(Supplier<T> compile) {
    LOCK.lock();
    try {
      return compile.get();
    } finally {
      LOCK.unlock();
    }
  }
}
