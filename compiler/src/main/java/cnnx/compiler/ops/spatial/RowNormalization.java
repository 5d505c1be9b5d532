package cnnx.compiler.ops.spatial;

import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * The arithmetic LayerNormalization and GroupNormalization share: the input seen as rows of
 * {@code inner} contiguous elements, each normalised by its own mean and population variance
 * (accumulated in double), then scaled and shifted per element by an index map.
 */
final class RowNormalization {
  private RowNormalization() {}

  /**
   * @param affine maps an element's flat index to the index of its scale and bias entries
   * @param bias null for none
   * @param means receives each row's mean, or null
   * @param invStd receives each row's 1 / sqrt(var + epsilon), or null
   */
  static float[] normalize(float[] x, int inner, double epsilon, float[] scale, float[] bias, IntUnaryOperator affine,
      float[] means, float[] invStd) {
    int rows = inner == 0 ? 0 : x.length / inner;
    float[] y = new float[x.length];
    IntStream.range(0, rows).parallel().forEach(row -> {
      int base = row * inner;
      double sum = 0;
      for (int i = 0; i < inner; i++) {
        sum += x[base + i];
      }
      double mean = sum / inner;
      double squares = 0;
      for (int i = 0; i < inner; i++) {
        double dev = x[base + i] - mean;
        squares += dev * dev;
      }
      double r = 1 / Math.sqrt(squares / inner + epsilon);
      for (int i = 0; i < inner; i++) {
        int k = affine.applyAsInt(base + i);
        y[base + i] = (float) ((x[base + i] - mean) * r * scale[k] + (bias == null ? 0 : bias[k]));
      }
      if (means != null) {
        means[row] = (float) mean;
      }
      if (invStd != null) {
        invStd[row] = (float) r;
      }
    });
    return y;
  }
}
