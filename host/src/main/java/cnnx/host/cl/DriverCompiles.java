package cnnx.host.cl;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One driver compile at a time in this process: program builds and binary queries (which make PoCL compile every
 * kernel again) wait for each other, whatever context they are on. PoCL 3.1 (LLVM 15) crashed the process
 * (SIGSEGV) with two compiles at once: in 3 of 7 cold ResNet-18 runs building two programs of one context, and in a
 * run of the test suite, whose test classes build programs in parallel.
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
