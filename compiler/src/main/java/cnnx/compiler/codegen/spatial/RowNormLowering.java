package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.spatial.GroupNormalization;
import cnnx.compiler.ops.spatial.LayerNormalization;
import cnnx.kernels.plan.KernelArg;
import java.util.Arrays;
import java.util.List;

/**
 * LayerNormalization and GroupNormalization in two launches: one work-item per row of INNER
 * contiguous elements (LayerNorm: the normalised trailing dims; GroupNorm: one group of channels
 * of one sample) sums the row's mean and variance in order (deterministic, any work-group size),
 * then one work-item per element normalises, reading its scale and bias at an index the lowering
 * writes as a C expression of the flat index. LayerNormalization's optional Mean and InvStdDev
 * outputs are the first launch's per-row results, written straight into those outputs' buffers.
 */
final class RowNormLowering implements Lowering {
  private static final String TEMPLATE = """
      #define ROWS %dL
      #define INNER %dL
      #define TOTAL %dL

      /* One work-item per row; compensated (Kahan) float sums keep long rows accurate. */
      __kernel void PREFIX_stats(__global const float* restrict x, __global float* restrict mean_out,
          __global float* restrict inv_out) {
        const long row = get_global_id(0);
        if (row >= ROWS) return;
        __global const float* p = x + row * INNER;
        float s = 0.0f, c = 0.0f;
        for (long i = 0; i < INNER; i++) {
          const float y = p[i] - c;
          const float t = s + y;
          c = (t - s) - y;
          s = t;
        }
        const float mean = s / (float) INNER;
        float q = 0.0f;
        c = 0.0f;
        for (long i = 0; i < INNER; i++) {
          const float d = p[i] - mean;
          const float y = d * d - c;
          const float t = q + y;
          c = (t - q) - y;
          q = t;
        }
        mean_out[row] = mean;
        inv_out[row] = 1.0f / sqrt(q / (float) INNER + %s);
      }

      __kernel void PREFIX_apply(__global const float* restrict x, __global const float* restrict scale,
          __global const float* restrict bias, __global const float* restrict mean,
          __global const float* restrict inv, __global float* restrict out) {
        const long gid = get_global_id(0);
        if (gid >= TOTAL) return;
        const long row = gid / INNER;
        out[gid] = (x[gid] - mean[row]) * inv[row] * scale[%s] + %s;
      }
      """;

  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    WindowPrograms.requireAlone(head, epilogue, pool);
    int[] shape = ctx.graph().typeOf(head.input(0)).orElseThrow().shape();
    long total = Shapes.size(shape);
    if (total == 0) {
      return;
    }
    boolean layer = head.opType().equals("LayerNormalization");
    long inner;
    String scaleIndex;
    String biasIndex;
    if (layer) {
      int[] normalized = Arrays.copyOfRange(shape, LayerNormalization.axis(head, shape.length), shape.length);
      inner = Shapes.size(normalized);
      scaleIndex = broadcastIndex(ctx.graph().typeOf(head.input(1)).orElseThrow().shape(), normalized);
      biasIndex = head.hasInput(2)
          ? broadcastIndex(ctx.graph().typeOf(head.input(2)).orElseThrow().shape(), normalized) : null;
    } else {
      long channels = shape[1];
      long groups = GroupNormalization.groups(head);
      long spatial = total / ((long) shape[0] * channels);
      inner = channels / groups * spatial;
      String c = "((gid / " + spatial + "L) % " + channels + "L)";
      scaleIndex = GroupNormalization.perGroup(head) ? "(" + c + " / " + (channels / groups) + "L)" : c;
      biasIndex = scaleIndex;
    }
    long rows = total / inner;
    float epsilon = head.floatAttr("epsilon", 1e-5f);
    String source = TEMPLATE.formatted(rows, inner, total, ElementContext.floatLiteral(epsilon), scaleIndex,
        biasIndex == null ? "0.0f" : "bias[" + biasIndex + "]");
    WindowPrograms.Program program = WindowPrograms.add(ctx, head.opType().toLowerCase(), source);
    int x = ctx.buffer(head.input(0));
    int mean = statistic(head, 1, rows, ctx);
    int inv = statistic(head, 2, rows, ctx);
    int out = ctx.buffer(outputValue);
    int scale = ctx.buffer(head.input(1));
    int bias = head.hasInput(2) ? ctx.buffer(head.input(2)) : scale;
    List<String> nodes = head.sourceNodes();
    ctx.launch(program.kernel("stats"), program.index(),
        List.of(new KernelArg.Buffer(x), new KernelArg.Buffer(mean), new KernelArg.Buffer(inv)),
        WindowPrograms.global(rows), null, nodes, List.of(mean, inv),
        "per-row mean and variance, one work-item per row of " + inner);
    ctx.launch(program.kernel("apply"), program.index(),
        List.of(new KernelArg.Buffer(x), new KernelArg.Buffer(scale), new KernelArg.Buffer(bias),
            new KernelArg.Buffer(mean), new KernelArg.Buffer(inv), new KernelArg.Buffer(out)),
        WindowPrograms.global(total), null, nodes, List.of(out), "");
  }

  /** LayerNormalization's Mean (1) or InvStdDev (2) output's buffer when the model asks for it, else scratch. */
  private static int statistic(Node head, int output, long rows, LoweringContext ctx) {
    if (output < head.outputs().size() && !head.output(output).isEmpty()) {
      return ctx.buffer(head.output(output));
    }
    return ctx.scratch(head.name() + (output == 1 ? ":mean" : ":inv_std"), rows);
  }

  /** C index into a tensor of shape {@code in} broadcast (right-aligned) to the trailing dims {@code to}. */
  private static String broadcastIndex(int[] in, int[] to) {
    long inner = Shapes.size(to);
    String i = "(gid % " + inner + "L)";
    if (Arrays.equals(in, to)) {
      return i;
    }
    int[] inStrides = Shapes.strides(in);
    int[] toStrides = Shapes.strides(to);
    StringBuilder sb = new StringBuilder("(0L");
    for (int a = 0; a < in.length; a++) {
      int t = a + to.length - in.length;
      if (in[a] == 1) {
        continue;
      }
      sb.append(" + ((").append(i).append(" / ").append(toStrides[t]).append("L) % ").append(to[t])
          .append("L) * ").append(inStrides[a]).append('L');
    }
    return sb.append(')').toString();
  }
}
