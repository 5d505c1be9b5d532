package cnnx.bench;

import java.lang.management.ManagementFactory;

/**
 * Whether the machine is quiet enough to time: the one-minute load average (other processes'
 * runnable threads) against the cores. Figures taken on a busy machine are reported with a warning.
 */
record IdleCheck(double loadAverage, int cores) {
  static IdleCheck now() {
    return new IdleCheck(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  /** Below half a runnable thread per core, or unknown (no load average on this OS). */
  boolean idle() {
    return loadAverage < 0 || loadAverage < 0.5 * cores;
  }

  String describe() {
    return loadAverage < 0 ? "load average unknown"
        : String.format("load average %.2f on %d cores (%s)", loadAverage, cores, idle() ? "idle" : "busy");
  }
}
