package cnnx.host.schedule;

import cnnx.boards.Target;
import cnnx.compiler.schedule.FamilyEfficiency;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.Roofline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A family's terms from measured launches (see {@link FamilyEfficiency}): {@code measured ≈ bound × a + bytesWritten
 * × b + c} with a, b, c ≥ 0, fitted by least squares on relative error (each launch counts alike, so the many
 * small launches of a net are predicted as well as its few big ones). With fewer launches than terms only the
 * efficiency is fitted. Efficiency is {@code 1 / a}, capped at 10.
 */
public final class EfficiencyFit {
  private EfficiencyFit() {}

  public static Map<String, Double> fit(List<LaunchWork> launches, double[] measuredSeconds, Target target) {
    Map<String, List<double[]>> rows = new LinkedHashMap<>();
    for (int i = 0; i < launches.size(); i++) {
      LaunchWork w = launches.get(i);
      double bound = Roofline.boundSeconds(w, target);
      double t = Math.max(measuredSeconds[i], 1e-7); // device time: dispatch gaps are measured apart
      if (bound > 0) {
        rows.computeIfAbsent(w.family(), k -> new ArrayList<>()).add(new double[] {bound, w.bytesWritten(), 1, t});
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(FamilyEfficiency.VERSION, FamilyEfficiency.CURRENT_VERSION);
    rows.forEach((family, r) -> {
      double[] c = nonNegativeFit(r, r.size() >= 3 ? 3 : 1);
      if (c != null && c[0] > 0) {
        out.put(family, Math.min(10, 1 / c[0]));
        out.put(family + FamilyEfficiency.PER_BYTE_WRITTEN, c[1]);
        out.put(family + FamilyEfficiency.PER_LAUNCH, c[2]);
        out.put(family + FamilyEfficiency.WEIGHT, r.stream().mapToDouble(row -> row[0]).sum());
      }
    });
    return out;
  }

  /**
   * Figures fitted on another model merged into the known ones, each family weighted by the roofline seconds its
   * launches took in each fit: the efficiency as total bound over total predicted time, the other terms as weighted
   * means. Families only one side has are taken as they are; keys without a family (the dispatch gap, the form)
   * from {@code fitted}.
   */
  public static Map<String, Double> merge(FamilyEfficiency known, Map<String, Double> fitted) {
    Map<String, Double> out = new LinkedHashMap<>(fitted);
    for (String key : fitted.keySet()) {
      if (key.contains("@") || !known.measured(key)) {
        continue;
      }
      double w1 = known.weight(key);
      double w2 = fitted.getOrDefault(key + FamilyEfficiency.WEIGHT, 0.0);
      if (w1 <= 0 || w2 <= 0) {
        continue; // an older store without weights: the new fit replaces it
      }
      double w = w1 + w2;
      out.put(key, Math.min(10, w / (w1 / known.of(key) + w2 / fitted.get(key))));
      for (String term : new String[] {FamilyEfficiency.PER_BYTE_WRITTEN, FamilyEfficiency.PER_LAUNCH}) {
        double a = known.byFamily().getOrDefault(key + term, 0.0);
        double b = fitted.getOrDefault(key + term, 0.0);
        out.put(key + term, (w1 * a + w2 * b) / w);
      }
      out.put(key + FamilyEfficiency.WEIGHT, w);
    }
    return out;
  }

  /**
   * Least squares on relative error over the first {@code terms} columns with every coefficient ≥ 0 and the
   * bound's coefficient kept: the best of the fits on each subset of the other columns whose coefficients are
   * all non-negative (exact for three terms). Null when none is.
   */
  static double[] nonNegativeFit(List<double[]> rows, int terms) {
    double[] best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (int mask = 0; mask < (1 << (terms - 1)); mask++) {
      int[] cols = columns(mask, terms);
      double[] c = leastSquares(rows, cols);
      if (c == null) {
        continue;
      }
      double[] full = new double[3];
      boolean ok = true;
      for (int k = 0; k < cols.length; k++) {
        ok &= c[k] >= 0;
        full[cols[k]] = c[k];
      }
      double err = ok ? relativeError(rows, full) : Double.POSITIVE_INFINITY;
      if (err < bestError) {
        bestError = err;
        best = full;
      }
    }
    return best;
  }

  private static int[] columns(int mask, int terms) {
    List<Integer> cols = new ArrayList<>(List.of(0));
    for (int k = 1; k < terms; k++) {
      if ((mask & (1 << (k - 1))) != 0) {
        cols.add(k);
      }
    }
    return cols.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Weighted normal equations (rows divided by their measured time), solved by Gaussian elimination. */
  private static double[] leastSquares(List<double[]> rows, int[] cols) {
    int n = cols.length;
    double[][] a = new double[n][n + 1];
    for (double[] r : rows) {
      double w = 1 / r[3];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] += r[cols[i]] * w * r[cols[j]] * w;
        }
        a[i][n] += r[cols[i]] * w * r[3] * w;
      }
    }
    // scale each column so that seconds, bytes and launches are conditioned alike
    double[] scale = new double[n];
    for (int j = 0; j < n; j++) {
      scale[j] = Math.sqrt(Math.max(a[j][j], 1e-300));
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] /= scale[i] * scale[j];
      }
      a[i][n] /= scale[i];
    }
    for (int p = 0; p < n; p++) {
      int max = p;
      for (int i = p + 1; i < n; i++) {
        if (Math.abs(a[i][p]) > Math.abs(a[max][p])) {
          max = i;
        }
      }
      double[] t = a[p];
      a[p] = a[max];
      a[max] = t;
      if (Math.abs(a[p][p]) < 1e-12) {
        return null; // degenerate: e.g. every launch writes the same bytes
      }
      for (int i = 0; i < n; i++) {
        if (i != p) {
          double f = a[i][p] / a[p][p];
          for (int j = p; j <= n; j++) {
            a[i][j] -= f * a[p][j];
          }
        }
      }
    }
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = a[i][n] / a[i][i] / scale[i];
    }
    return c;
  }

  private static double relativeError(List<double[]> rows, double[] c) {
    double e = 0;
    for (double[] r : rows) {
      double d = (c[0] * r[0] + c[1] * r[1] + c[2] * r[2]) / r[3] - 1;
      e += d * d;
    }
    return e;
  }
}
