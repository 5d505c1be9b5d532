package cnnx.kernels.plan;

import java.util.HashSet;
import java.util.Set;

/**
 * An estimate of the bytes one run of a plan moves between its kernels and device memory (DRAM on a GPU or
 * FPGA board, main memory on a CPU device), computed from the plan alone, so that a fused and an unfused plan
 * of one model can be set side by side.
 *
 * <p>The model: each launch run per run reads every buffer it takes once, weights and other constants included,
 * and writes every buffer it produces once. So an intermediate value that fusion keeps in registers costs
 * nothing, and one that an unfused plan stores costs its bytes twice: written by its producer, read back by its
 * consumer. It ignores
 * <ul>
 *   <li>caches: a buffer two launches read is counted twice, though the second may hit a cache, and a small
 *       intermediate may never leave one;
 *   <li>re-reads within a launch: overlapping conv or pool windows, and tiles a kernel loads more than once,
 *       count as one read of the buffer;
 *   <li>partial reads: a launch reading part of a buffer (e.g. a strided slice) counts the whole buffer;
 *   <li>the host's transfers: uploading the inputs and reading the outputs back are not launches;
 *   <li>launches run once at load time (constants computed from constants): not part of a run, and what they
 *       wrote counts as a constant read by the launches that take it.
 * </ul>
 * A buffer written by several launches of a run is counted once: in a plan the only such buffers are Concat
 * outputs written in place, each producer writing its own channel slice, and the slices add up to the buffer.
 *
 * @param launches launches run per run (load-time ones excluded)
 * @param readBytes bytes the launches read, constants included
 * @param constantReadBytes the part of {@code readBytes} that reads constants (weights, load-time results)
 * @param writtenBytes bytes the launches write
 */
public record PlanTraffic(int launches, long readBytes, long constantReadBytes, long writtenBytes) {
  /** The estimate for one run of {@code plan}. */
  public static PlanTraffic of(Plan plan) {
    Set<Integer> constants = new HashSet<>(plan.constants().keySet());
    Set<Integer> written = new HashSet<>();
    long read = 0;
    long constantRead = 0;
    long write = 0;
    for (int i = 0; i < plan.launches().size(); i++) {
      Launch l = plan.launches().get(i);
      if (plan.isLoadTime(i)) {
        constants.addAll(l.outputs());
        continue;
      }
      Set<Integer> seen = new HashSet<>();
      for (KernelArg a : l.args()) {
        if (!(a instanceof KernelArg.Buffer b) || !seen.add(b.bufferId())) {
          continue;
        }
        long bytes = plan.buffers().get(b.bufferId()).bytes();
        if (l.outputs().contains(b.bufferId())) {
          write += written.add(b.bufferId()) ? bytes : 0;
        } else {
          read += bytes;
          constantRead += constants.contains(b.bufferId()) ? bytes : 0;
        }
      }
    }
    return new PlanTraffic(plan.launches().size() - plan.loadLaunches(), read, constantRead, write);
  }

  /** Bytes read and written per run. */
  public long bytes() {
    return readBytes + writtenBytes;
  }

  /** In decimal megabytes (10^6 bytes), as bandwidths are quoted. */
  public double megabytes() {
    return bytes() / 1e6;
  }

  /** "12.35 MB (reads 10.20, of which constants 4.10; writes 2.15)"; in kB below a megabyte. */
  public String describe() {
    boolean small = bytes() < 1_000_000;
    double unit = small ? 1e3 : 1e6;
    return String.format("%.2f %s (reads %.2f, of which constants %.2f; writes %.2f)", bytes() / unit,
        small ? "kB" : "MB", readBytes / unit, constantReadBytes / unit, writtenBytes / unit);
  }
}
