package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.List;
import java.util.stream.IntStream;

/**
 * AveragePool-19: the window mean. The divisor counts the taps inside the input, or with
 * count_include_pad the taps inside the padded input (never the ceil-mode overhang past the end
 * padding). A window with no tap inside the input yields 0.
 */
final class AveragePool implements OpDef {
  @Override
  public String opType() {
    return "AveragePool";
  }

  @Override
  public OpCategory category() {
    return OpCategory.POOL;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    Pooling.Plan p = Pooling.plan(ctx, 1);
    Checks.flag(ctx.node(), "count_include_pad", 0);
    return List.of(p.output());
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Pooling.Plan p = Pooling.plan(new ConcreteContext(node, inputs), 1);
    boolean includePad = Checks.flag(node, "count_include_pad", 0);
    Tensor x = inputs.get(0);
    float[] xs = x.floats();
    PoolWindows win = PoolWindows.of(p.geometry());
    int[] outShape = p.output().shape();
    float[] y = new float[Shapes.size(outShape)];
    IntStream.range(0, p.planes()).parallel().forEach(plane -> {
      int base = plane * win.inPlane();
      int outBase = plane * win.outPlane();
      int[] start = win.start();
      int[] offsets = win.offsets();
      for (int o = 0; o < win.outPlane(); o++) {
        int count = start[o + 1] - start[o];
        // float, in window order, as ONNX's reference and ONNX Runtime sum: a window of two lowest floats
        // overflows to -inf there, and so here
        float sum = 0;
        for (int t = start[o]; t < start[o + 1]; t++) {
          sum += xs[base + offsets[t]];
        }
        int divisor = includePad ? win.padded()[o] : count;
        y[outBase + o] = count == 0 ? 0f : sum / divisor;
      }
    });
    return List.of(Tensor.ofFloats(x.dtype(), outShape, y));
  }
}
