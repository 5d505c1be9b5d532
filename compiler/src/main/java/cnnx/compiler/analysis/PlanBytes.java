package cnnx.compiler.analysis;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.TensorType;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.ElementType;
import cnnx.kernels.plan.Plan;
import java.util.Comparator;
import java.util.List;

/** A plan's device memory as the memory planner laid it out: the sum of its slots, and its largest tensors. */
public final class PlanBytes {
  private PlanBytes() {}

  /** Bytes of every slot together (saturating: a plan past 8 EiB is "more than 8 EiB"). */
  public static long total(Plan plan) {
    long total = 0;
    for (long b : plan.slotBytes()) {
      total = MemoryEstimate.saturatedAdd(total, b);
    }
    return total;
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

  /** Refuses a plan whose slots together need more than the budget, naming its largest tensors. */
  public static void check(Plan plan, MemoryBudget budget) {
    budget.check("the plan", total(plan), largest(plan));
  }
}
