package cnnx.api.verify;

import java.util.List;
import java.util.Optional;

/**
 * The result of verification: every launch of the plan as compiled (isolated error, pass or fail; error in an
 * ordinary run), every model output end to end, and — when something failed — every launch of the unfused plan,
 * whose first failure names the ONNX node that diverges.
 */
public record VerificationReport(String device, List<LaunchCheck> launches, List<OutputCheck> outputs,
    List<LaunchCheck> unfused, Optional<String> firstDivergingNode) {
  public boolean passed() {
    return launches.stream().allMatch(LaunchCheck::passed) && outputs.stream().allMatch(OutputCheck::passed);
  }

  /** The table as text: complete on every path, ending with the verdict line. */
  public String toText() {
    StringBuilder sb = new StringBuilder("device " + device + "\n");
    sb.append("each launch on the reference's own inputs (isolated), judged under its ops' tolerance;"
        + " 'err/tol' <= 1 passes; 'chained' is the same output in an ordinary run\n");
    table(sb, launches);
    for (OutputCheck o : outputs) {
      sb.append(String.format("output %-30s end to end: max_abs %.3e rel_l2 %.3e err/tol %.3g  %s%n", o.output(),
          o.comparison().maxAbsError(), o.comparison().relativeL2(), o.comparison().worstRatio(),
          o.passed() ? "ok" : "FAIL" + (o.comparison().problem() == null ? "" : " " + o.comparison().problem())));
    }
    if (!unfused.isEmpty()) {
      sb.append("re-checked unfused:\n");
      table(sb, unfused);
    }
    firstDivergingNode.ifPresent(n -> sb.append("first diverging ONNX node: ").append(n).append('\n'));
    sb.append(passed() ? "PASS" : "FAIL").append(": ").append(launches.stream().filter(LaunchCheck::passed).count())
        .append('/').append(launches.size()).append(" launches within tolerance, ")
        .append(outputs.stream().filter(OutputCheck::passed).count()).append('/').append(outputs.size())
        .append(" outputs within tolerance end to end\n");
    return sb.toString();
  }

  private static void table(StringBuilder sb, List<LaunchCheck> rows) {
    sb.append(String.format("%4s  %-34s %-40s %11s %9s %11s  %s%n", "#", "kernel", "onnx nodes", "max_abs",
        "err/tol", "chained", "result"));
    for (LaunchCheck c : rows) {
      String nodes = String.join(",", c.onnxNodes());
      if (nodes.length() > 40) {
        nodes = nodes.substring(0, 37) + "...";
      }
      var cmp = c.isolated();
      sb.append(String.format("%4d  %-34s %-40s %11.3e %9.3g %11s  %s%n", c.index(), c.kernel(), nodes,
          cmp.maxAbsError(), cmp.worstRatio(),
          c.chained() == null ? "-" : String.format("%.3e", c.chained().maxAbsError()),
          c.passed() ? "ok" : "FAIL (rtol " + c.tolerance().rtol() + ", atol " + c.tolerance().atol() + ")"
              + (cmp.problem() != null ? " " + cmp.problem() : "")));
    }
  }
}
