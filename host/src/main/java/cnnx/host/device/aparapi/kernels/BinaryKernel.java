package cnnx.host.device.aparapi.kernels;

/**
 * y[i] = f(a[ia], b[ib]) with multidirectional broadcasting: an operand of the output's shape reads index i,
 * any other reads through a host-computed index map (the broadcast is resolved once, at load).
 */
public final class BinaryKernel extends UnaryKernelBase {
  public float[] a = new float[1];
  public float[] b = new float[1];
  public float[] y = new float[1];
  public int[] aIndex = new int[1];
  public int[] bIndex = new int[1];
  public int total;
  public int aDirect;
  public int bDirect;
  public int op;

  @Override
  public void run() {
    int i = getGlobalId();
    if (i < total) {
      float u = aDirect == 1 ? a[i] : a[aIndex[i]];
      float v = bDirect == 1 ? b[i] : b[bIndex[i]];
      float r = u + v;
      if (op == BinaryCode.SUB) {
        r = u - v;
      } else if (op == BinaryCode.MUL) {
        r = u * v;
      } else if (op == BinaryCode.DIV) {
        r = u / v;
      } else if (op == BinaryCode.POW) {
        r = pow(u, v);
      } else if (op == BinaryCode.MAX) {
        r = max(u, v);
      } else if (op == BinaryCode.MIN) {
        r = min(u, v);
      } else if (op == BinaryCode.PRELU) {
        r = u >= 0f ? u : u * v;
      }
      y[i] = r;
    }
  }
}
