package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.spatial.WindowGeometry;
import java.util.List;

/** Pools (max, average, global), LRN, InstanceNormalization and a standing BatchNormalization. */
final class WindowLowering {
  private WindowLowering() {}

  static boolean handles(String op) {
    return switch (op) {
      case "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LRN", "BatchNormalization",
          "InstanceNormalization" -> true;
      default -> false;
    };
  }

  static List<Step> lower(Node n, LoweringContext ctx) {
    List<String> nodes = List.of(n.name());
    int[] x = ctx.shape(n.input(0));
    for (int i = 1; i < n.outputs().size(); i++) {
      if (!n.output(i).isEmpty()) {
        throw new Unsupported("its output #" + i + " '" + n.output(i)
            + "' (the Aparapi kernels compute only the first)");
      }
    }
    int planes = x[0] * x[1];
    return switch (n.opType()) {
      case "MaxPool", "AveragePool" -> {
        long[] kernel = n.intsAttr("kernel_shape");
        WindowGeometry g = WindowGeometry.forward(n, kernel, ContractionLowering.spatial(x),
            n.intAttr("ceil_mode", 0) != 0);
        yield List.of(new PoolStep(nodes, n.input(0), n.output(0), planes, Window.of(g),
            n.opType().equals("AveragePool"), n.intAttr("count_include_pad", 0) != 0));
      }
      case "GlobalAveragePool", "GlobalMaxPool" -> {
        int[] in = Window.to3(ContractionLowering.spatial(x), 1);
        int[] one = {1, 1, 1};
        int[] zero = {0, 0, 0};
        yield List.of(new PoolStep(nodes, n.input(0), n.output(0), planes,
            new Window(in, one, in, one, one, zero, zero), n.opType().equals("GlobalAveragePool"), false));
      }
      case "LRN" -> List.of(new LrnStep(nodes, n.input(0), n.output(0), Shapes.size(x), x[1],
          Shapes.product(x, 2, x.length), (int) n.intAttr("size", 1), n.floatAttr("alpha", 1e-4f),
          n.floatAttr("beta", 0.75f), n.floatAttr("bias", 1f)));
      case "BatchNormalization" -> List.of(batchNorm(n, ctx, x, nodes));
      case "InstanceNormalization" -> List.of(new InstanceNormStep(nodes, n.input(0), n.input(1), n.input(2),
          n.output(0), planes, x[1], Shapes.product(x, 2, x.length), n.floatAttr("epsilon", 1e-5f)));
      default -> throw new IllegalArgumentException(n.opType());
    };
  }

  /** Inference batch norm as y = x * scale' + shift', the constants folded once at load in double. */
  private static Step batchNorm(Node n, LoweringContext ctx, int[] x, List<String> nodes) {
    float[] scale = ctx.requireConstant(n, 1, "scale").floats();
    float[] bias = ctx.requireConstant(n, 2, "bias").floats();
    float[] mean = ctx.requireConstant(n, 3, "mean").floats();
    float[] var = ctx.requireConstant(n, 4, "variance").floats();
    double eps = n.floatAttr("epsilon", 1e-5f);
    int c = x[1];
    float[] s = new float[c];
    float[] t = new float[c];
    for (int i = 0; i < c; i++) {
      double k = scale[i] / Math.sqrt(var[i] + eps);
      s[i] = (float) k;
      t[i] = (float) (bias[i] - mean[i] * k);
    }
    return new AffineStep(nodes, n.input(0), n.output(0), Shapes.size(x), c, Shapes.product(x, 2, x.length), s, t);
  }
}
