package cnnx.compiler.codegen;

import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The memory-planning step: places a generated plan's buffers in physical slots. A buffer lives from the
 * first launch that touches it to the last; buffers whose lifetimes do not overlap share a slot
 * ({@link MemoryPlanner}); inputs, outputs, constants and the values load-time launches compute for the runs
 * keep slots of their own.
 */
public final class PlanMemory {
  private PlanMemory() {}

  public static Plan place(Plan plan) {
    int n = plan.buffers().size();
    long[] bytes = new long[n];
    int[] first = new int[n];
    int[] last = new int[n];
    Arrays.fill(first, -1);
    for (int i = 0; i < n; i++) {
      bytes[i] = plan.buffers().get(i).bytes();
    }
    for (int li = 0; li < plan.launches().size(); li++) {
      for (KernelArg a : plan.launches().get(li).args()) {
        if (a instanceof KernelArg.Buffer b) {
          if (first[b.bufferId()] < 0) {
            first[b.bufferId()] = li;
          }
          last[b.bufferId()] = li;
        }
      }
    }
    Set<Integer> pinned = new HashSet<>(plan.constants().keySet());
    pinned.addAll(plan.inputs().values());
    pinned.addAll(plan.outputs().values());
    // What load-time launches write and runs read is computed once: no later value may take its memory.
    for (int li = 0; li < plan.loadLaunches(); li++) {
      for (int id : plan.launches().get(li).outputs()) {
        if (last[id] >= plan.loadLaunches()) {
          pinned.add(id);
        }
      }
    }
    MemoryPlanner.Assignment a = MemoryPlanner.plan(bytes, first, last, pinned);
    List<BufferSpec> placed = new ArrayList<>();
    for (BufferSpec b : plan.buffers()) {
      placed.add(b.inSlot(a.slotOf()[b.id()]));
    }
    return plan.withSlots(placed, a.slotBytes());
  }
}
