package cnnx.compiler.schedule;

import java.util.Map;

/**
 * A schedule as a reader follows it: one line per launch (device, stage, bytes moved in and their time, start,
 * predicted run time), then the sums, which add up to the predicted total.
 */
public final class ScheduleText {
  private ScheduleText() {}

  public static String render(Schedule s, boolean explain) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("objective: %s%n", s.objective().name().toLowerCase(java.util.Locale.ROOT)));
    out.append(String.format("%4s  %-26s %-18s %5s %12s %10s %10s %10s%n", "#", "kernel", "device", "stage",
        "moved in", "move ms", "start ms", "run ms"));
    for (Schedule.Step st : s.steps()) {
      out.append(String.format("%4d  %-26s %-18s %5d %12s %10.3f %10.3f %10.3f%s%n", st.launch().index(),
          truncate(st.launch().kernel(), 26), st.device(), st.stage(), bytes(st.transferBytes()),
          st.transferSeconds() * 1e3, st.startSeconds() * 1e3, st.execSeconds() * 1e3,
          st.fallback() ? "  (fallback: no listed device runs it)" : ""));
      if (explain) {
        LaunchWork w = st.launch();
        out.append(String.format("        %s: %.1f MFLOP, %s read, %s written; nodes %s%n", w.family(),
            w.flops() / 1e6, bytes(w.bytesRead()), bytes(w.bytesWritten()), w.onnxNodes()));
      }
    }
    double exec = s.execSeconds();
    double moves = s.transferSeconds();
    out.append(String.format("run time %.3f ms + moves %.3f ms (inputs %.3f, outputs back %.3f)", exec * 1e3,
        moves * 1e3, (moves - s.outputTransferSeconds()) * 1e3, s.outputTransferSeconds() * 1e3));
    double overlap = exec + moves - s.totalSeconds();
    if (Math.abs(overlap) > 1e-9) {
      out.append(String.format(" - overlap (moves and launches at the same time) %.3f ms", overlap * 1e3));
    }
    out.append(String.format(" = predicted total %.3f ms%n", s.totalSeconds() * 1e3));
    if (s.objective() == Schedule.Objective.THROUGHPUT) {
      out.append(String.format("pipeline: %d stage(s); slowest stage %.3f ms → %.1f results/s over a stream%n",
          s.segments().size(), s.periodSeconds() * 1e3, 1 / s.periodSeconds()));
    }
    if (explain) {
      for (Map.Entry<String, String> m : s.methods().entrySet()) {
        out.append("model ").append(m.getKey()).append(": ").append(m.getValue()).append('\n');
      }
    }
    return out.toString();
  }

  static String bytes(long b) {
    if (b == 0) {
      return "-";
    }
    return b >= 1 << 20 ? String.format("%.2f MiB", b / 1048576.0) : String.format("%.1f KiB", b / 1024.0);
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }
}
