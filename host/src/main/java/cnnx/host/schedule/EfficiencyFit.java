package cnnx.host.schedule;

import cnnx.boards.Target;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.Roofline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A family's efficiency from measured launches: its launches' summed roofline bound over their summed measured
 * time less launch costs (a time-weighted mean, so that big launches, which dominate a run, decide it).
 */
public final class EfficiencyFit {
  private EfficiencyFit() {}

  public static Map<String, Double> fit(List<LaunchWork> launches, double[] measuredSeconds, Target target) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < launches.size(); i++) {
      LaunchWork w = launches.get(i);
      double[] s = sums.computeIfAbsent(w.family(), k -> new double[2]);
      s[0] += Roofline.boundSeconds(w, target);
      s[1] += Math.max(measuredSeconds[i], 1e-7); // device time: dispatch gaps are measured apart
    }
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((family, s) -> {
      if (s[0] > 0 && s[1] > 0) {
        out.put(family, Math.min(10, s[0] / s[1]));
      }
    });
    return out;
  }
}
