package cnnx.compiler.ops.control;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import java.util.ArrayList;
import java.util.List;

/**
 * Loop: inputs M (trip count, optional), cond (optional) and N loop-carried values; the body takes
 * (iteration number, cond, N carried) and gives (cond, N carried, K scan outputs). The outputs are
 * the final carried values and the K scan outputs stacked along a new first axis.
 */
public final class LoopOp implements SubgraphOp {
  /** Iterations beyond this are refused: a loop without a bound would never end. */
  static final long MAX_ITERATIONS = 1L << 20;

  @Override
  public String opType() {
    return "Loop";
  }

  @Override
  public OpCategory category() {
    return OpCategory.OPAQUE;
  }

  private static Graph body(Node node, int carried) {
    Graph g = node.graphAttr("body");
    if (g == null) {
      throw node.invalid("attribute 'body' (a graph) is required");
    }
    if (g.inputs().size() != carried + 2 || g.outputs().size() < carried + 1) {
      throw node.invalid("the body takes " + g.inputs().size() + " inputs and gives " + g.outputs().size()
          + " outputs; with " + carried + " carried values it must take " + (carried + 2) + " and give at least "
          + (carried + 1));
    }
    return g;
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx, SubgraphTypes subgraphs) {
    Node node = ctx.node();
    if (ctx.inputCount() < 2) {
      throw node.invalid("expects inputs M, cond and the carried values");
    }
    int carried = ctx.inputCount() - 2;
    Graph body = body(node, carried);
    List<TensorType> in = new ArrayList<>();
    in.add(new TensorType(DataType.INT64, List.of()));
    in.add(new TensorType(DataType.BOOL, List.of()));
    for (int i = 0; i < carried; i++) {
      in.add(ctx.inputType(2 + i));
    }
    List<TensorType> out = subgraphs.outputs(body, in);
    List<TensorType> result = new ArrayList<>();
    for (int i = 0; i < carried; i++) {
      result.add(SubgraphOp.merge(node, in.get(2 + i), out.get(1 + i), "carried value " + i));
    }
    for (int k = carried + 1; k < out.size(); k++) {
      List<Dim> dims = new ArrayList<>();
      dims.add(Dim.unknown());
      dims.addAll(out.get(k).dims());
      result.add(new TensorType(out.get(k).dtype(), dims));
    }
    if (node.outputs().size() > result.size()) {
      throw node.invalid("has " + node.outputs().size() + " outputs, the body gives " + result.size());
    }
    return result.subList(0, node.outputs().size());
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs, SubgraphRunner subgraphs) {
    int carried = inputs.size() - 2;
    Graph body = body(node, carried);
    Tensor m = inputs.get(0);
    Tensor c = inputs.get(1);
    long trips = m == null ? Long.MAX_VALUE : m.longs()[0];
    boolean cond = c == null || c.longs()[0] != 0;
    if (m == null && c == null || trips > MAX_ITERATIONS && c == null) {
      throw node.invalid("a loop without a trip count below " + MAX_ITERATIONS + " or a condition never ends");
    }
    List<Tensor> values = new ArrayList<>(inputs.subList(2, inputs.size()));
    List<List<Tensor>> scans = new ArrayList<>();
    for (long i = 0; i < trips && cond; i++) {
      if (i >= MAX_ITERATIONS) {
        throw node.invalid("ran " + MAX_ITERATIONS + " iterations without ending");
      }
      List<Tensor> in = new ArrayList<>();
      in.add(Tensor.scalarLong(i));
      in.add(Tensor.ofLongs(DataType.BOOL, new int[0], new long[] {1}));
      in.addAll(values);
      List<Tensor> out = subgraphs.run(body, in);
      cond = out.get(0).longs()[0] != 0;
      values = new ArrayList<>(out.subList(1, 1 + carried));
      for (int k = carried + 1; k < out.size(); k++) {
        while (scans.size() <= k - carried - 1) {
          scans.add(new ArrayList<>());
        }
        scans.get(k - carried - 1).add(out.get(k));
      }
    }
    List<Tensor> result = new ArrayList<>(values);
    int scanCount = body.outputs().size() - 1 - carried;
    List<TensorType> bodyTypes = scans.isEmpty() && scanCount > 0 ? subgraphs.types(body, bodyInputTypes(inputs)) : null;
    for (int k = 0; k < scanCount; k++) {
      result.add(k < scans.size() ? stack(node, scans.get(k)) : empty(node, bodyTypes.get(1 + carried + k)));
    }
    return result.subList(0, node.outputs().size());
  }

  private static List<TensorType> bodyInputTypes(List<Tensor> inputs) {
    List<TensorType> in = new ArrayList<>();
    in.add(new TensorType(DataType.INT64, List.of()));
    in.add(new TensorType(DataType.BOOL, List.of()));
    inputs.subList(2, inputs.size()).forEach(t -> in.add(t.type()));
    return in;
  }

  /** A scan output of a loop that ran no iteration: [0] + the per-iteration shape, which must be known. */
  private static Tensor empty(Node node, TensorType perIteration) {
    if (!perIteration.isStatic()) {
      throw new cnnx.compiler.error.UnsupportedModelException(node.describe()
          + ": a scan output of a loop that ran no iteration has an unknown shape " + perIteration);
    }
    int[] shape = new int[perIteration.rank() + 1];
    System.arraycopy(perIteration.shape(), 0, shape, 1, perIteration.rank());
    return perIteration.dtype().isFloating() ? Tensor.ofFloats(perIteration.dtype(), shape, new float[0])
        : Tensor.ofLongs(perIteration.dtype(), shape, new long[0]);
  }

  /** The per-iteration values along a new first axis. */
  private static Tensor stack(Node node, List<Tensor> parts) {
    Tensor first = parts.get(0);
    int[] shape = new int[first.rank() + 1];
    shape[0] = parts.size();
    System.arraycopy(first.shape(), 0, shape, 1, first.rank());
    int n = first.size();
    for (Tensor p : parts) {
      if (!java.util.Arrays.equals(p.shape(), first.shape())) {
        throw node.invalid("scan output changes shape between iterations");
      }
    }
    if (first.isFloating()) {
      float[] out = new float[n * parts.size()];
      for (int i = 0; i < parts.size(); i++) {
        System.arraycopy(parts.get(i).floats(), 0, out, i * n, n);
      }
      return Tensor.ofFloats(first.dtype(), shape, out);
    }
    long[] out = new long[n * parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      System.arraycopy(parts.get(i).longs(), 0, out, i * n, n);
    }
    return Tensor.ofLongs(first.dtype(), shape, out);
  }
}
