package cnnx.host.reliability;

import cnnx.compiler.error.CnnxException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How far an output may move under float rounding, measured instead of assumed. The reference sums in
 * double and the kernels in float; where finite terms of 1e5 to 1e12 (65504 times 65504, a division by
 * 1e-3) cancel to a result near 1, float's rounding of the terms alone moves the result by far more
 * than 1e-3 of it. So a device output outside the plain tolerance is checked once more: the reference is
 * rerun with every float weight, constant and input scaled by a random factor in 1 ± 2^-16 (three times;
 * independent factors, so that terms which cancel move apart), about the relative error a float sum of 64
 * terms can make; an element passes when the device is within the plain tolerance plus four times the
 * largest move seen, or NaN where a rerun gave NaN too (a Sqrt or Log of a sum whose sign rounding flips).
 * Otherwise NaN and infinities must still match exactly, and a
 * well-conditioned output moves by about 1.5e-5 of itself, so its tolerance is unchanged.
 */
final class RoundingSensitivity {
  private static final double DELTA = 0x1p-16;
  private static final int RUNS = 3;
  private static final double FACTOR = 4;

  private RoundingSensitivity() {}

  /**
   * Null when every output has the reference's shape and values: NaN where it has NaN, the same infinity
   * where it has one (a finite value against an infinity always differs), the rest within {@code atol +
   * rtol |ref|}; else the first element that differs.
   */
  static String plain(Map<String, Tensor> reference, Map<String, Tensor> device, double rtol, double atol) {
    return compare(reference, device, rtol, atol, null, null);
  }

  /** Null when every output agrees as in {@link #plain}, allowed its measured rounding sensitivity too. */
  static String check(Graph g, Map<String, Tensor> inputs, Map<String, Tensor> reference, Map<String, Tensor> device,
      double rtol, double atol) {
    Map<String, float[]> moved = new LinkedHashMap<>();
    Map<String, boolean[]> nanUnderRounding = new LinkedHashMap<>();
    for (int run = 0; run < RUNS; run++) {
      SplittableRandom r = new SplittableRandom(run + 1);
      Map<String, Tensor> out;
      try {
        Map<String, Tensor> init = new LinkedHashMap<>();
        g.initializers().forEach((k, v) -> init.put(k, perturb(v, r)));
        Map<String, Tensor> in = new LinkedHashMap<>();
        inputs.forEach((k, v) -> in.put(k, perturb(v, r)));
        out = new ReferenceInterpreter().run(g.withInitializers(init), in);
      } catch (CnnxException e) {
        return "the reference refuses the model with its values moved by 2^-16: " + e.getMessage();
      }
      for (var e : reference.entrySet()) {
        if (!e.getValue().isFloating()) {
          continue;
        }
        float[] ref = e.getValue().floats();
        float[] p = out.get(e.getKey()).floats();
        float[] m = moved.computeIfAbsent(e.getKey(), k -> new float[ref.length]);
        boolean[] nan = nanUnderRounding.computeIfAbsent(e.getKey(), k -> new boolean[ref.length]);
        for (int i = 0; i < ref.length; i++) {
          double d = Math.abs((double) ref[i] - p[i]);
          m[i] = (float) Math.max(m[i], Double.isNaN(d) ? 0 : d);
          nan[i] |= Float.isNaN(p[i]) && !Float.isNaN(ref[i]); // e.g. Sqrt of a sum whose sign rounding flips
        }
      }
    }
    return compare(reference, device, rtol, atol, moved, nanUnderRounding);
  }

  private static String compare(Map<String, Tensor> reference, Map<String, Tensor> device, double rtol, double atol,
      Map<String, float[]> moved, Map<String, boolean[]> nanUnderRounding) {
    for (var e : reference.entrySet()) {
      Tensor d = device.get(e.getKey());
      if (d == null || !java.util.Arrays.equals(e.getValue().shape(), d.shape())
          || e.getValue().isFloating() != d.isFloating()) {
        return e.getKey() + ": missing, or another shape or type";
      }
      if (!e.getValue().isFloating()) {
        if (!java.util.Arrays.equals(e.getValue().longs(), device.get(e.getKey()).longs())) {
          return e.getKey() + ": integer values differ";
        }
        continue;
      }
      float[] ref = e.getValue().floats();
      float[] dev = device.get(e.getKey()).floats();
      float[] m = moved == null ? new float[ref.length] : moved.get(e.getKey());
      boolean[] nan = nanUnderRounding == null ? new boolean[ref.length] : nanUnderRounding.get(e.getKey());
      for (int i = 0; i < ref.length; i++) {
        if (Float.isNaN(dev[i]) && nan[i]) {
          continue; // the reference itself gives NaN there once its values are rounded
        }
        if ((Float.isNaN(ref[i]) && Float.isNaN(dev[i])) || (Float.isInfinite(ref[i]) && ref[i] == dev[i])) {
          continue;
        }
        if (Float.isInfinite(ref[i]) || Float.isInfinite(dev[i])) {
          return e.getKey() + ": element " + i + " expected " + ref[i] + " got " + dev[i];
        }
        double diff = Math.abs((double) ref[i] - dev[i]);
        if (!(diff <= atol + rtol * Math.abs(ref[i]) + FACTOR * m[i])) {
          return e.getKey() + ": element " + i + " expected " + ref[i] + " got " + dev[i] + " (|diff| " + diff
              + ", moved by rounding " + m[i] + ")";
        }
      }
    }
    return null;
  }

  private static Tensor perturb(Tensor t, SplittableRandom r) {
    if (!t.isFloating()) {
      return t;
    }
    float[] v = t.floats().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] * (1 + DELTA * (2 * r.nextDouble() - 1)));
    }
    return Tensor.ofFloats(t.dtype(), t.shape(), v);
  }
}
