package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/**
 * The Reduce ops: y[o] reduces x[index[j]] for j in [start[o], start[o + 1]), the groups resolved at load.
 * Codes: 0 sum, 1 mean, 2 max, 3 min, 4 prod, 5 sum of squares, 6 L1, 7 L2, 8 log-sum, 9 log-sum-exp.
 */
public final class ReduceKernel extends Kernel {
  public float[] x = new float[1];
  public float[] y = new float[1];
  public int[] index = new int[1];
  public int[] start = new int[1];
  public int total;
  public int op;

  @Override
  public void run() {
    int o = getGlobalId();
    if (o < total) {
      int from = start[o];
      int to = start[o + 1];
      float top = -3.4028235e38f;
      float low = 3.4028235e38f;
      for (int j = from; j < to; j++) {
        top = max(top, x[index[j]]);
        low = min(low, x[index[j]]);
      }
      float acc = op == 4 ? 1f : 0f;
      for (int j = from; j < to; j++) {
        float v = x[index[j]];
        if (op == 4) {
          acc *= v;
        } else if (op == 5 || op == 7) {
          acc += v * v;
        } else if (op == 6) {
          acc += abs(v);
        } else if (op == 9) {
          acc += exp(v - top);
        } else {
          acc += v;
        }
      }
      float r = acc;
      if (op == 1) {
        r = acc / (to - from);
      } else if (op == 2) {
        r = top;
      } else if (op == 3) {
        r = low;
      } else if (op == 7) {
        r = sqrt(acc);
      } else if (op == 8) {
        r = log(acc);
      } else if (op == 9) {
        r = top + log(acc);
      }
      y[o] = r;
    }
  }
}
