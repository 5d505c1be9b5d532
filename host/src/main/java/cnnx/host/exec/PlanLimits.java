package cnnx.host.exec;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.analysis.MemoryEstimate;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.TensorType;
import cnnx.host.cl.DeviceInfo;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a plan asks of a device, checked before anything is allocated or enqueued: its bytes
 * against the memory budget and the device's global memory, each slot against the device's
 * largest allocation, each launch's work sizes against what the kernels (int-indexed) and the
 * device take. A plan over any of them is refused, naming the largest buffers or the launch.
 */
public final class PlanLimits {
  /** Kernels index elements with int: a launch never covers more work-items than this. */
  static final long MAX_WORK_ITEMS = Integer.MAX_VALUE;

  private PlanLimits() {}

  public static void check(Plan plan, DeviceInfo device, MemoryBudget budget) {
    long total = 0;
    for (long b : plan.slotBytes()) {
      total = total + b < 0 ? Long.MAX_VALUE : total + b;
    }
    MemoryBudget limit = budget;
    if (limit == null || device.globalMemBytes() < limit.bytes()) {
      limit = new MemoryBudget(Math.max(1, device.globalMemBytes()), "global memory of " + device.summary());
    }
    limit.check("the plan", total, largest(plan));
    // The outputs are read back into JVM arrays: they must fit the heap as well as the device.
    long outputBytes = 0;
    for (int id : plan.outputs().values()) {
      long b = plan.buffers().get(id).bytes();
      outputBytes = outputBytes + b < 0 ? Long.MAX_VALUE : outputBytes + b;
    }
    MemoryBudget.jvmHeap().check("reading the plan's outputs back", outputBytes, largest(plan));
    for (int s = 0; s < plan.slotBytes().size(); s++) {
      long bytes = plan.slotBytes().get(s);
      if (device.maxAllocBytes() > 0 && bytes > device.maxAllocBytes()) {
        throw new InvalidModelException("the plan needs one buffer of " + MemoryBudget.human(bytes)
            + ", over the largest allocation of " + device.summary() + " (" + MemoryBudget.human(device.maxAllocBytes())
            + "); largest tensors: " + largest(plan));
      }
    }
    for (Launch l : plan.launches()) {
      checkLaunch(l, device);
    }
  }

  static void checkLaunch(Launch l, DeviceInfo device) {
    long items = 1;
    for (long g : l.globalSize()) {
      if (g < 1) {
        throw refused(l, "global size " + Arrays.toString(l.globalSize()) + " has an empty dimension");
      }
      items = items > MAX_WORK_ITEMS / g ? MAX_WORK_ITEMS + 1 : items * g;
    }
    if (items > MAX_WORK_ITEMS) {
      throw refused(l, "global size " + Arrays.toString(l.globalSize()) + " is over " + MAX_WORK_ITEMS
          + " work-items");
    }
    long[] local = l.localSize();
    if (local != null) {
      long group = 1;
      for (int i = 0; i < local.length; i++) {
        if (local[i] < 1 || l.globalSize()[i] % local[i] != 0) {
          throw refused(l, "local size " + Arrays.toString(local) + " does not divide global size "
              + Arrays.toString(l.globalSize()));
        }
        group *= local[i];
      }
      if (device.maxWorkGroupSize() > 0 && group > device.maxWorkGroupSize()) {
        throw refused(l, "work-group of " + group + " is over the device's " + device.maxWorkGroupSize());
      }
    }
  }

  private static InvalidModelException refused(Launch l, String problem) {
    return new InvalidModelException("launch " + l.kernelName() + " for " + l.onnxNodes() + ": " + problem);
  }

  private static List<MemoryEstimate.Sized> largest(Plan plan) {
    List<MemoryEstimate.Sized> out = new ArrayList<>();
    plan.buffers().stream().sorted(Comparator.comparingLong(BufferSpec::bytes).reversed()
            .thenComparing(BufferSpec::value)).limit(3)
        .forEach(b -> out.add(new MemoryEstimate.Sized(b.value(), TensorType.of(
            b.type() == cnnx.kernels.plan.ElementType.FLOAT ? cnnx.compiler.ir.DataType.FLOAT
                : cnnx.compiler.ir.DataType.INT64, b.elements()), b.bytes())));
    return out;
  }
}
