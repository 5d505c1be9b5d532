package cnnx.host.verify;

import java.util.List;
import java.util.Optional;

/**
 * The layer-by-layer result: every launch of the plan as compiled, and — when one failed — every
 * launch of the unfused plan, whose first failure names the ONNX node that diverges.
 */
public record VerificationReport(String device, List<LaunchCheck> launches, List<LaunchCheck> unfused,
    Optional<String> firstDivergingNode) {
  public boolean passed() {
    return launches.stream().allMatch(LaunchCheck::passed);
  }

  public String toText() {
    StringBuilder sb = new StringBuilder("device " + device + "\n");
    table(sb, launches);
    if (!unfused.isEmpty()) {
      sb.append("re-checked unfused:\n");
      table(sb, unfused);
    }
    firstDivergingNode.ifPresent(n -> sb.append("first diverging ONNX node: ").append(n).append('\n'));
    sb.append(passed() ? "PASS" : "FAIL").append(": ").append(launches.stream().filter(LaunchCheck::passed).count())
        .append('/').append(launches.size()).append(" launches within tolerance\n");
    return sb.toString();
  }

  private static void table(StringBuilder sb, List<LaunchCheck> rows) {
    sb.append(String.format("%4s  %-34s %-40s %11s %11s %9s  %s%n", "#", "kernel", "onnx nodes", "max_abs",
        "rel_l2", "ulp", "result"));
    for (LaunchCheck c : rows) {
      String nodes = String.join(",", c.onnxNodes());
      if (nodes.length() > 40) {
        nodes = nodes.substring(0, 37) + "...";
      }
      var cmp = c.comparison();
      sb.append(String.format("%4d  %-34s %-40s %11.3e %11.3e %9d  %s%n", c.index(), c.kernel(), nodes,
          cmp.maxAbsError(), cmp.relativeL2(), cmp.worstUlp(),
          c.passed() ? "ok" : "FAIL (rtol " + c.tolerance().rtol() + ", atol " + c.tolerance().atol() + ")"
              + (cmp.problem() != null ? " " + cmp.problem() : "")));
    }
  }
}
