package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.MatrixKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemm or MatMul as one {@link MatrixKernel} launch. Strides express transposes and broadcasts; {@code aOffset}
 * and {@code bOffset} give each batch's start in A and B (MatMul's broadcast batch dims, resolved at load).
 */
record MatrixStep(List<String> onnxNodes, String a, String b, String c, String y, int rows, int cols, int depth,
    int[] strides, int[] aOffset, int[] bOffset, float alpha, float beta, Epilogue epilogue) implements Step {
  /** strides: a row, a depth, b depth, b col, c row, c col. */
  @Override
  public String kernel() {
    return "MatrixKernel";
  }

  @Override
  public List<String> reads() {
    List<String> r = new ArrayList<>(List.of(a, b));
    if (c != null) {
      r.add(c);
    }
    return r;
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    MatrixKernel k = launcher.kernel(MatrixKernel.class);
    int total = aOffset.length * rows * cols;
    k.a = values.get(a);
    k.b = values.get(b);
    k.hasC = c == null ? 0 : 1;
    k.c = c == null ? k.a : values.get(c);
    k.y = values.allocate(y, total);
    k.aOffset = aOffset;
    k.bOffset = bOffset;
    k.total = total;
    k.rows = rows;
    k.cols = cols;
    k.depth = depth;
    k.aRowStride = strides[0];
    k.aDepthStride = strides[1];
    k.bDepthStride = strides[2];
    k.bColStride = strides[3];
    k.cRowStride = strides[4];
    k.cColStride = strides[5];
    k.alpha = alpha;
    k.beta = beta;
    k.activation = epilogue.op();
    k.actA = epilogue.a();
    k.actB = epilogue.b();
    launcher.launch(k, total, this);
  }
}
