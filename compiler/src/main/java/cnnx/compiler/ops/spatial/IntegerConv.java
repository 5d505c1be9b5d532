package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.ConcreteContext;
import cnnx.compiler.ops.InferenceContext;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The integer convolution of ConvInteger and QLinearConv: Conv's attributes, geometry and loops
 * over zero-point-shifted integer operands. The sums run in double, exact for 8- and 16-bit
 * operands (every partial sum stays far below 2^53).
 */
public final class IntegerConv {
  private IntegerConv() {}

  /** Conv's output dims for X at input {@code xIndex} and W at {@code wIndex} of the node. */
  public static List<Dim> outputDims(InferenceContext ctx, int xIndex, int wIndex) {
    return Conv.plan(new Operands(ctx, xIndex, wIndex)).output().dims();
  }

  /** Conv's window geometry (effective pads after auto_pad) for X and W at those inputs. */
  public static WindowGeometry geometry(InferenceContext ctx, int xIndex, int wIndex) {
    return Conv.plan(new Operands(ctx, xIndex, wIndex)).geometry();
  }

  /**
   * Sum over the window of (x - xZero) * (w - wZero[output channel]) for every output element.
   *
   * @param wZero one zero point per output channel
   */
  public static long[] convolve(Node node, Tensor x, long xZero, Tensor w, long[] wZero) {
    float[] xs = shifted(x, i -> xZero);
    int perChannel = w.size() / w.dim(0);
    float[] ws = shifted(w, i -> wZero[i / perChannel]);
    Tensor xf = Tensor.ofFloats(x.shape(), xs);
    Tensor wf = Tensor.ofFloats(w.shape(), ws);
    Conv.Plan p = Conv.plan(new ConcreteContext(node.withInputs(List.of("x", "w")), List.of(xf, wf)));
    Conv.Loops loops = new Conv.Loops(p.geometry(), x.shape(), w.shape(), p.group());
    int plane = loops.outPlane();
    long[] y = new long[loops.n * loops.m * plane];
    IntStream.range(0, loops.n * loops.m).parallel().forEach(task -> {
      double[] acc = loops.accumulate(task, xs, ws);
      for (int i = 0; i < plane; i++) {
        y[task * plane + i] = (long) acc[i];
      }
    });
    return y;
  }

  private interface ZeroAt {
    long at(int index);
  }

  private static float[] shifted(Tensor t, ZeroAt zero) {
    long[] v = t.longs();
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] - zero.at(i);
    }
    return out;
  }

  /** X and W seen as float operands of a plain Conv, for its checks and geometry. */
  private record Operands(InferenceContext ctx, int xIndex, int wIndex) implements InferenceContext {
    @Override
    public Node node() {
      return ctx.node();
    }

    @Override
    public int inputCount() {
      return 2;
    }

    @Override
    public TensorType inputType(int i) {
      return ctx.inputType(i == 0 ? xIndex : wIndex).withDtype(DataType.FLOAT);
    }

    @Override
    public boolean hasInput(int i) {
      return i < 2;
    }

    @Override
    public Optional<Tensor> constant(int i) {
      return Optional.empty();
    }
  }
}
