package cnnx.host.exec;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.analysis.PlanBytes;
import cnnx.compiler.error.InvalidModelException;
import cnnx.host.cl.DeviceInfo;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.Arrays;

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

  /**
   * @param budget the caller's limit (--memory-limit), or null: then the device's global memory alone bounds
   *     the plan
   */
  public static void check(Plan plan, DeviceInfo device, MemoryBudget budget) {
    check(plan, device, budget, 0);
  }

  /**
   * What the driver's compiler takes in this process while it builds programs (PoCL 3.1 with LLVM 15: a
   * ResNet-18 run with both kernel caches empty peaked 230 MiB above the same run with them warm).
   */
  static final long DRIVER_COMPILER_BYTES = 256L << 20;

  /** As above; {@code uncompiled} programs are not in the kernel-binary cache and will be built here. */
  public static void check(Plan plan, DeviceInfo device, MemoryBudget budget, int uncompiled) {
    if (budget != null) {
      PlanBytes.check(plan, budget, uncompiled == 0 ? 0 : DRIVER_COMPILER_BYTES, uncompiled);
    }
    new MemoryBudget(Math.max(1, device.globalMemBytes()), "global memory of " + device.summary())
        .check("the plan's device memory", PlanBytes.device(plan), PlanBytes.largest(plan));
    // The outputs are read back into JVM arrays: they must fit the heap as well as the device.
    MemoryBudget.jvmHeap().check("reading the plan's outputs back", PlanBytes.outputs(plan), PlanBytes.largest(plan));
    for (int s = 0; s < plan.slotBytes().size(); s++) {
      long bytes = plan.slotBytes().get(s);
      if (device.maxAllocBytes() > 0 && bytes > device.maxAllocBytes()) {
        throw new InvalidModelException("the plan needs one buffer of " + MemoryBudget.human(bytes)
            + ", over the largest allocation of " + device.summary() + " (" + MemoryBudget.human(device.maxAllocBytes())
            + "); largest tensors: " + PlanBytes.largest(plan));
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
}
