package cnnx.compiler.analysis;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.TensorType;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.ElementType;
import cnnx.kernels.plan.Plan;
import java.util.Comparator;
import java.util.List;

/**
 * A plan's memory: its device buffers as the memory planner laid them out (the sum of its slots), and the
 * constants (weights) the JVM keeps beside them for as long as the plan lives; its largest tensors for messages.
 */
public final class PlanBytes {
  private PlanBytes() {}

  /** Bytes of every slot together (saturating: a plan past 8 EiB is "more than 8 EiB"). */
  public static long device(Plan plan) {
    long total = 0;
    for (long b : plan.slotBytes()) {
      total = MemoryEstimate.saturatedAdd(total, b);
    }
    return total;
  }

  /** Bytes of the constants the plan holds in the JVM to upload (float[] or long[]). */
  public static long constants(Plan plan) {
    long bytes = 0;
    for (Object data : plan.constants().values()) {
      bytes = MemoryEstimate.saturatedAdd(bytes, data instanceof float[] f ? 4L * f.length : 8L * ((long[]) data).length);
    }
    return bytes;
  }

  /** Bytes of the plan's outputs, which are read back into JVM arrays. */
  public static long outputs(Plan plan) {
    long bytes = 0;
    for (int id : plan.outputs().values()) {
      bytes = MemoryEstimate.saturatedAdd(bytes, plan.buffers().get(id).bytes());
    }
    return bytes;
  }

  /** The three largest buffers, largest first (ties by name), for messages. */
  public static List<MemoryEstimate.Sized> largest(Plan plan) {
    return plan.buffers().stream()
        .sorted(Comparator.comparingLong(BufferSpec::bytes).reversed().thenComparing(BufferSpec::value))
        .limit(3)
        .map(b -> new MemoryEstimate.Sized(b.value(), TensorType.of(
            b.type() == ElementType.FLOAT ? DataType.FLOAT : DataType.INT64, b.shape()), b.bytes()))
        .toList();
  }

  /**
   * Refuses a plan whose device buffers and JVM-held constants together need more than the budget, naming its
   * largest tensors: on a CPU device both are the machine's memory, and on any device both are this run's.
   */
  public static void check(Plan plan, MemoryBudget budget) {
    check(plan, budget, 0, 0);
  }

  /**
   * As {@link #check(Plan, MemoryBudget)}, also counting {@code compilerBytes} that the device's driver takes in
   * this process to compile {@code uncompiled} programs (its compiler runs here, not on the device).
   */
  public static void check(Plan plan, MemoryBudget budget, long compilerBytes, int uncompiled) {
    long device = device(plan);
    long constants = constants(plan);
    String compiler = uncompiled == 0 ? "" : ", " + MemoryBudget.human(compilerBytes) + " for the driver to compile "
        + uncompiled + " program(s) not yet in the kernel cache";
    budget.check("the plan (" + MemoryBudget.human(device) + " of device buffers, " + MemoryBudget.human(constants)
        + " of weights kept in the JVM" + compiler + ")",
        MemoryEstimate.saturatedAdd(MemoryEstimate.saturatedAdd(device, constants), compilerBytes), largest(plan));
  }
}
