package cnnx.kernels.plan;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The target, the plan's size and its estimated memory traffic per run ({@link PlanTraffic}), then one line per
 * launch: the target it runs on, kernel, the ONNX nodes it covers, global/local size, buffers, and why it looks as
 * it does.
 */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static String print(Plan plan) {
    StringBuilder sb = new StringBuilder();
    long slotBytes = plan.slotBytes().stream().mapToLong(Long::longValue).sum();
    long constBytes = plan.constants().keySet().stream().mapToLong(id -> plan.buffers().get(id).bytes()).sum();
    PlanOrigin o = plan.origin();
    sb.append("target: ").append(o.targetSummary().isEmpty() ? o.targetId() : o.targetSummary()).append('\n');
    sb.append(String.format("plan: %d launches%s, %d programs, %d buffers in %d slots (%.2f MiB, of which weights %.2f MiB)%n",
        plan.launches().size(), plan.loadLaunches() == 0 ? "" : " (" + plan.loadLaunches() + " at load time)",
        plan.programs().size(), plan.buffers().size(), plan.slotBytes().size(),
        slotBytes / 1048576.0, constBytes / 1048576.0));
    sb.append("estimated DRAM traffic per run: ").append(PlanTraffic.of(plan).describe()).append('\n');
    int i = 0;
    for (Launch l : plan.launches()) {
      String buffers = l.args().stream()
          .filter(a -> a instanceof KernelArg.Buffer)
          .map(a -> {
            BufferSpec b = plan.buffers().get(((KernelArg.Buffer) a).bufferId());
            return (l.outputs().contains(b.id()) ? ">" : "") + b.value() + "@" + b.slot();
          })
          .collect(Collectors.joining(" "));
      String note = plan.isLoadTime(i) ? "at load time: every input a constant" + (l.note().isEmpty() ? "" : "; " + l.note())
          : l.note();
      sb.append(String.format("%3d @%s %-36s nodes=%s global=%s local=%s buffers=[%s]%s%n", i++, o.targetId(),
          l.kernelName(),
          l.onnxNodes(), Arrays.toString(l.globalSize()),
          l.localSize() == null ? "auto" : Arrays.toString(l.localSize()), buffers,
          note.isEmpty() ? "" : "  -- " + note));
    }
    return sb.toString();
  }
}
