package cnnx.host.exec;

import cnnx.compiler.ir.Tensor;
import java.util.Map;

/**
 * One timed run of a plan: host wall time writing the inputs, from the first enqueue to the queue
 * draining, and reading the outputs; plus each launch's device time (plan order) from event profiling.
 */
public record ProfiledRun(Map<String, Tensor> outputs, long writeNanos, long launchWallNanos,
    long[] launchNanos, long readNanos) {
  public long kernelNanos() {
    long sum = 0;
    for (long n : launchNanos) {
      sum += n;
    }
    return sum;
  }

  public long totalNanos() {
    return writeNanos + launchWallNanos + readNanos;
  }
}
