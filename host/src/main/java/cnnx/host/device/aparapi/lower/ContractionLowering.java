package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.spatial.WindowGeometry;
import java.util.Arrays;
import java.util.List;

/** Conv, ConvTranspose, Gemm and MatMul, each with the epilogue its fused block gives it. */
final class ContractionLowering {
  private ContractionLowering() {}

  static boolean handles(String op) {
    return switch (op) {
      case "Conv", "ConvTranspose", "Gemm", "MatMul" -> true;
      default -> false;
    };
  }

  /**
   * @param residual a value of the output's shape added before the activation (Conv only), or null
   * @param y the value the step writes: the last epilogue node's output
   */
  static Step lower(Node n, LoweringContext ctx, List<String> nodes, String residual, Epilogue epilogue, String y) {
    return switch (n.opType()) {
      case "Conv" -> conv(n, ctx, nodes, residual, epilogue, y);
      case "ConvTranspose" -> convTranspose(n, ctx, nodes, epilogue, y);
      case "Gemm" -> gemm(n, ctx, nodes, epilogue, y);
      case "MatMul" -> matMul(n, ctx, nodes, epilogue, y);
      default -> throw new IllegalArgumentException(n.opType());
    };
  }

  private static Step conv(Node n, LoweringContext ctx, List<String> nodes, String residual, Epilogue e, String y) {
    int[] x = ctx.shape(n.input(0));
    int[] w = ctx.shape(n.input(1));
    long[] kernel = spatial(w);
    WindowGeometry g = WindowGeometry.forward(n, kernel, spatial(x), false);
    int group = (int) n.intAttr("group", 1);
    return new ConvStep(nodes, n.input(0), n.input(1), n.hasInput(2) ? n.input(2) : null, residual, y, x[0], x[1],
        w[0], group, Window.of(g), e);
  }

  private static Step convTranspose(Node n, LoweringContext ctx, List<String> nodes, Epilogue e, String y) {
    if (n.has("output_shape") || !n.stringAttr("auto_pad", "NOTSET").equals("NOTSET")) {
      throw new Unsupported("output_shape or auto_pad (the Aparapi lowering takes explicit pads)");
    }
    int[] x = ctx.shape(n.input(0));
    int[] w = ctx.shape(n.input(1));
    int[] out = ctx.shape(n.output(0));
    int r = x.length - 2;
    long[] strides = orOnes(n, "strides", r);
    long[] dilations = orOnes(n, "dilations", r);
    long[] pads = n.has("pads") ? n.intsAttr("pads") : new long[2 * r];
    Window g = new Window(Window.to3(spatial(x), 1), Window.to3(spatial(out), 1), Window.to3(spatial(w), 1),
        Window.to3(strides, 1), Window.to3(dilations, 1), Window.to3(Arrays.copyOf(pads, r), 0),
        Window.to3(Arrays.copyOfRange(pads, r, 2 * r), 0));
    int group = (int) n.intAttr("group", 1);
    return new ConvTransposeStep(nodes, n.input(0), n.input(1), n.hasInput(2) ? n.input(2) : null, y, x[0], x[1],
        out[1], group, g, e);
  }

  private static Step gemm(Node n, LoweringContext ctx, List<String> nodes, Epilogue e, String y) {
    int[] a = ctx.shape(n.input(0));
    int[] b = ctx.shape(n.input(1));
    boolean ta = n.intAttr("transA", 0) != 0;
    boolean tb = n.intAttr("transB", 0) != 0;
    int m = ta ? a[1] : a[0];
    int k = ta ? a[0] : a[1];
    int cols = tb ? b[0] : b[1];
    int cRow = 0;
    int cCol = 0;
    String c = n.hasInput(2) ? n.input(2) : null;
    if (c != null) {
      int[] cs = ctx.shape(c);
      if (cs.length == 2) {
        cRow = cs[0] == 1 ? 0 : cs[1];
        cCol = cs[1] == 1 ? 0 : 1;
      } else if (cs.length == 1) {
        cCol = cs[0] == 1 ? 0 : 1;
      }
    }
    int[] strides = {ta ? 1 : k, ta ? m : 1, tb ? 1 : cols, tb ? k : 1, cRow, cCol};
    return new MatrixStep(nodes, n.input(0), n.input(1), c, y, m, cols, k, strides, new int[1], new int[1],
        n.floatAttr("alpha", 1f), n.floatAttr("beta", 1f), e);
  }

  /** Batched MatMul with broadcast batch dims; a 1-D operand is a row (A) or column (B) vector. */
  private static Step matMul(Node n, LoweringContext ctx, List<String> nodes, Epilogue e, String y) {
    int[] a = ctx.shape(n.input(0));
    int[] b = ctx.shape(n.input(1));
    if (a.length == 1) {
      a = new int[] {1, a[0]};
    }
    if (b.length == 1) {
      b = new int[] {b[0], 1};
    }
    int m = a[a.length - 2];
    int k = a[a.length - 1];
    int cols = b[b.length - 1];
    int batchRank = Math.max(a.length, b.length) - 2;
    int[] batch = new int[batchRank];
    for (int i = 0; i < batchRank; i++) {
      batch[i] = Math.max(dimFromEnd(a, batchRank - i + 1), dimFromEnd(b, batchRank - i + 1));
    }
    int batches = Shapes.size(batch);
    int[] aOffset = offsets(batch, a, m * k);
    int[] bOffset = offsets(batch, b, k * cols);
    if (batches == 0) {
      aOffset = new int[0];
      bOffset = new int[0];
    }
    int[] strides = {k, 1, cols, 1, 0, 0};
    return new MatrixStep(nodes, n.input(0), n.input(1), null, y, m, cols, k, strides, aOffset, bOffset, 1f, 0f, e);
  }

  /** Dim {@code fromEnd} places from the end (1 = last), or 1 when the operand has fewer dims. */
  private static int dimFromEnd(int[] shape, int fromEnd) {
    int i = shape.length - fromEnd;
    return i >= 0 ? shape[i] : 1;
  }

  /** For each batch index, the start of the operand's matrix (size {@code matrix}), broadcasting its batch dims. */
  private static int[] offsets(int[] batch, int[] operand, int matrix) {
    int batches = Shapes.size(batch);
    int[] offsets = new int[Math.max(batches, 1)];
    int opBatchRank = operand.length - 2;
    int[] opBatch = Arrays.copyOf(operand, opBatchRank);
    int[] opStrides = Shapes.strides(opBatch);
    int[] outStrides = Shapes.strides(batch);
    for (int i = 0; i < batches; i++) {
      int rest = i;
      int src = 0;
      for (int d = 0; d < batch.length; d++) {
        int coord = rest / outStrides[d];
        rest -= coord * outStrides[d];
        int od = d - (batch.length - opBatchRank);
        if (od >= 0 && opBatch[od] != 1) {
          src += coord * opStrides[od];
        }
      }
      offsets[i] = src * matrix;
    }
    return offsets;
  }

  static long[] spatial(int[] shape) {
    long[] s = new long[shape.length - 2];
    for (int i = 2; i < shape.length; i++) {
      s[i - 2] = shape[i];
    }
    return s;
  }

  private static long[] orOnes(Node n, String attr, int r) {
    if (n.has(attr)) {
      return n.intsAttr(attr);
    }
    long[] ones = new long[r];
    Arrays.fill(ones, 1);
    return ones;
  }
}
