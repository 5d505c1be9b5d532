package cnnx.host.device.aparapi.kernels;

import com.aparapi.Kernel;

/**
 * The element-wise functions every kernel can apply to a value it computed (the conv and matrix epilogues,
 * the unary kernel), written once in Aparapi's Java subset; each case is the op's reference formula.
 */
public abstract class UnaryKernelBase extends Kernel {
  protected float unary(int op, float v, float a, float b, float g) {
    float r = v;
    if (op == UnaryCode.RELU) {
      r = max(v, 0f);
    } else if (op == UnaryCode.CLIP) {
      r = min(max(v, a), b);
    } else if (op == UnaryCode.LEAKY_RELU) {
      r = v >= 0f ? v : a * v;
    } else if (op == UnaryCode.ELU) {
      r = v >= 0f ? v : a * (exp(v) - 1f);
    } else if (op == UnaryCode.SELU) {
      r = v > 0f ? g * v : g * a * (exp(v) - 1f);
    } else if (op == UnaryCode.SIGMOID) {
      r = 1f / (1f + exp(-v));
    } else if (op == UnaryCode.HARD_SIGMOID) {
      r = max(0f, min(1f, a * v + b));
    } else if (op == UnaryCode.HARD_SWISH) {
      r = v * max(0f, min(1f, v / 6f + 0.5f));
    } else if (op == UnaryCode.TANH) {
      r = tanh(v);
    } else if (op == UnaryCode.SOFTPLUS) {
      r = max(v, 0f) + log(1f + exp(-abs(v)));
    } else if (op == UnaryCode.SOFTSIGN) {
      r = v / (1f + abs(v));
    } else if (op == UnaryCode.NEG) {
      r = -v;
    } else if (op == UnaryCode.ABS) {
      r = abs(v);
    } else if (op == UnaryCode.SQRT) {
      r = sqrt(v);
    } else if (op == UnaryCode.EXP) {
      r = exp(v);
    } else if (op == UnaryCode.LOG) {
      r = log(v);
    } else if (op == UnaryCode.RECIPROCAL) {
      r = 1f / v;
    } else if (op == UnaryCode.FLOOR) {
      r = floor(v);
    } else if (op == UnaryCode.CEIL) {
      r = ceil(v);
    } else if (op == UnaryCode.AFFINE) {
      r = a * v + b;
    }
    return r;
  }
}
