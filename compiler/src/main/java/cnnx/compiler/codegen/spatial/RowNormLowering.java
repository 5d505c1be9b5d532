package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.spatial.GroupNormalization;
import cnnx.compiler.ops.spatial.LayerNormalization;
import cnnx.kernels.plan.KernelArg;
import java.util.Arrays;
import java.util.List;

/**
 * LayerNormalization and GroupNormalization in two launches, as InstanceNormalization: one
 * work-group per row of INNER contiguous elements (LayerNorm: the normalised trailing dims;
 * GroupNorm: one group of channels of one sample) reduces the row's mean and variance in
 * fixed-shape trees (deterministic), then one work-item per element normalises, reading its scale
 * and bias at an index the lowering writes as a C expression of the flat index.
 */
final class RowNormLowering implements Lowering {
  private static final int GROUP = InstanceNormLowering.GROUP;

  private static final String TEMPLATE = """
      #define GROUP %d
      #define INNER %dL
      #define TOTAL %dL

      inline void PREFIX_reduce(__local float* part, int lid) {
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int w = GROUP / 2; w > 0; w >>= 1) {
          if (lid < w) {
            part[lid] += part[lid + w];
          }
          barrier(CLK_LOCAL_MEM_FENCE);
        }
      }

      __kernel __attribute__((reqd_work_group_size(GROUP, 1, 1)))
      void PREFIX_stats(__global const float* restrict x, __global float* restrict stats) {
        __local float part[GROUP];
        const long row = get_group_id(0);
        const int lid = (int) get_local_id(0);
        __global const float* p = x + row * INNER;
        float s = 0.0f;
        for (long i = lid; i < INNER; i += GROUP) {
          s += p[i];
        }
        part[lid] = s;
        PREFIX_reduce(part, lid);
        const float mean = part[0] / (float) INNER;
        barrier(CLK_LOCAL_MEM_FENCE);
        float q = 0.0f;
        for (long i = lid; i < INNER; i += GROUP) {
          const float d = p[i] - mean;
          q += d * d;
        }
        part[lid] = q;
        PREFIX_reduce(part, lid);
        if (lid == 0) {
          stats[2 * row] = mean;
          stats[2 * row + 1] = 1.0f / sqrt(part[0] / (float) INNER + %s);
        }
      }

      __kernel void PREFIX_apply(__global const float* restrict x, __global const float* restrict scale,
          __global const float* restrict bias, __global const float* restrict stats, __global float* restrict out) {
        const long gid = get_global_id(0);
        if (gid >= TOTAL) return;
        const long row = gid / INNER;
        out[gid] = (x[gid] - stats[2 * row]) * stats[2 * row + 1] * scale[%s] + %s;
      }
      """;

  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    WindowPrograms.requireAlone(head, epilogue, pool);
    for (int i = 1; i < head.outputs().size(); i++) {
      if (!head.output(i).isEmpty()) {
        throw new UnsupportedModelException(head.describe() + ": output '" + head.output(i)
            + "' (training statistics) has no OpenCL kernel");
      }
    }
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
    String source = TEMPLATE.formatted(GROUP, inner, total, ElementContext.floatLiteral(epsilon), scaleIndex,
        biasIndex == null ? "0.0f" : "bias[" + biasIndex + "]");
    WindowPrograms.Program program = WindowPrograms.add(ctx, layer ? "layernorm" : "groupnorm", source);
    int x = ctx.buffer(head.input(0));
    int stats = ctx.scratch(head.name() + ":stats", 2 * rows);
    int out = ctx.buffer(outputValue);
    int scale = ctx.buffer(head.input(1));
    int bias = head.hasInput(2) ? ctx.buffer(head.input(2)) : scale;
    List<String> nodes = head.sourceNodes();
    ctx.launch(program.kernel("stats"), program.index(), List.of(new KernelArg.Buffer(x), new KernelArg.Buffer(stats)),
        new long[] {rows * GROUP}, new long[] {GROUP}, nodes, List.of(stats),
        "per-row mean and variance, one work-group per row of " + inner);
    ctx.launch(program.kernel("apply"), program.index(),
        List.of(new KernelArg.Buffer(x), new KernelArg.Buffer(scale), new KernelArg.Buffer(bias),
            new KernelArg.Buffer(stats), new KernelArg.Buffer(out)),
        WindowPrograms.global(total), null, nodes, List.of(out), "");
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
