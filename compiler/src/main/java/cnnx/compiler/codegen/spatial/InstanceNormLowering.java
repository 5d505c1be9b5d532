package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ops.OpRegistry;
import cnnx.kernels.plan.KernelArg;
import java.util.List;

/**
 * InstanceNormalization in two launches: one work-group per N x C plane reduces the plane's mean,
 * then (a second pass over the plane) its population variance, into a scratch buffer of
 * per-plane (mean, 1/sqrt(var + epsilon)); then one work-item per element normalises. The
 * reductions run in float as fixed-shape trees in local memory, so results are deterministic.
 */
final class InstanceNormLowering implements Lowering {
  /** Work-group size of the statistics kernel (a power of two). */
  static final int GROUP = 64;

  private static final String TEMPLATE = """
      #define GROUP %d
      #define INNER %dL
      #define CHANNELS %dL
      #define TOTAL %dL

      /* Sums part[0..GROUP) into part[0]; every work-item of the group must call it. */
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
        const long plane = get_group_id(0);
        const int lid = (int) get_local_id(0);
        __global const float* p = x + plane * INNER;
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
          stats[2 * plane] = mean;
          stats[2 * plane + 1] = 1.0f / sqrt(part[0] / (float) INNER + %s);
        }
      }

      __kernel void PREFIX_apply(__global const float* restrict x, __global const float* restrict scale,
          __global const float* restrict bias, __global const float* restrict stats, __global float* restrict out) {
        const long gid = get_global_id(0);
        if (gid >= TOTAL) return;
        const long plane = gid / INNER;
        const long c = plane %% CHANNELS;
        out[gid] = (x[gid] - stats[2 * plane]) * (stats[2 * plane + 1] * scale[c]) + bias[c];
      }
      """;

  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    WindowPrograms.requireAlone(head, epilogue, pool);
    int[] shape = ctx.graph().typeOf(head.input(0)).orElseThrow().shape();
    long total = Shapes.size(shape);
    long planes = (long) shape[0] * shape[1];
    long inner = planes == 0 ? 0 : total / planes;
    if (total == 0) {
      return;
    }
    float epsilon = OpRegistry.standard().floatAttr(head, "epsilon");
    String source = TEMPLATE.formatted(GROUP, inner, shape[1], total, ElementContext.floatLiteral(epsilon));
    WindowPrograms.Program program = WindowPrograms.add(ctx, "instancenorm", source);
    int x = ctx.buffer(head.input(0));
    int stats = ctx.scratch(head.name() + ":stats", 2 * planes);
    int out = ctx.buffer(outputValue);
    List<String> nodes = head.sourceNodes();
    ctx.launch(program.kernel("stats"), program.index(), List.of(new KernelArg.Buffer(x), new KernelArg.Buffer(stats)),
        new long[] {planes * GROUP}, new long[] {GROUP}, nodes, List.of(stats),
        "per-plane mean and variance, one work-group per plane");
    ctx.launch(program.kernel("apply"), program.index(),
        List.of(new KernelArg.Buffer(x), new KernelArg.Buffer(ctx.buffer(head.input(1))),
            new KernelArg.Buffer(ctx.buffer(head.input(2))), new KernelArg.Buffer(stats), new KernelArg.Buffer(out)),
        WindowPrograms.global(total), null, nodes, List.of(out), "");
  }
}
