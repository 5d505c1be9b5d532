package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.Lowering;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.kernels.plan.ErrorFlag;
import cnnx.kernels.plan.KernelArg;
import java.util.List;

/**
 * MaxUnpool as a deterministic scatter in three launches over a scratch buffer of int "winners",
 * one per output element: clear them to -1; for every X element i, atomic_max its index into the
 * winner of the output element I[i] names (integer max, so the result does not depend on the
 * order work-items run, and the last X element wins, as in the reference's sequential writes);
 * then each output element takes X at its winner, or 0. An index outside the output is skipped
 * and raises the plan's error flag, which the host turns into the reference's error.
 */
final class MaxUnpoolLowering implements Lowering {
  private static final String TEMPLATE = """
      #define IN %dL
      #define OUT %dL
      #define ERR_INDEX %dL

      __kernel void PREFIX_clear(__global int* restrict winner) {
        const long gid = get_global_id(0);
        if (gid >= OUT) return;
        winner[gid] = -1;
      }

      __kernel void PREFIX_scatter(__global const long* restrict ind, __global int* restrict winner,
          __global long* err) {
        const long gid = get_global_id(0);
        if (gid >= IN) return;
        const long at = ind[gid];
        if (at >= 0 && at < OUT) {
          atomic_max(&winner[at], (int) gid);
        } else {
          err[0] = ERR_INDEX;
        }
      }

      __kernel void PREFIX_gather(__global const float* restrict x, __global const int* restrict winner,
          __global float* restrict out) {
        const long gid = get_global_id(0);
        if (gid >= OUT) return;
        const int w = winner[gid];
        out[gid] = w < 0 ? 0.0f : x[w];
      }
      """;

  @Override
  public void lower(Node head, List<ChainStep> epilogue, Node pool, String outputValue, LoweringContext ctx) {
    WindowPrograms.requireAlone(head, epilogue, pool);
    long in = Shapes.size(ctx.graph().typeOf(head.input(0)).orElseThrow().shape());
    long out = Shapes.size(ctx.graph().typeOf(outputValue).orElseThrow().shape());
    if (in > Integer.MAX_VALUE) {
      throw new UnsupportedModelException(head.describe() + ": X has " + in
          + " elements; the unpooling kernel indexes X with 32-bit ints");
    }
    if (out == 0) {
      return;
    }
    WindowPrograms.Program program = WindowPrograms.add(ctx, "maxunpool", TEMPLATE.formatted(in, out, ErrorFlag.INDEX_OUT_OF_RANGE));
    int winner = ctx.scratch(head.name() + ":winner", out);
    int result = ctx.buffer(outputValue);
    List<String> nodes = head.sourceNodes();
    ctx.launch(program.kernel("clear"), program.index(), List.of(new KernelArg.Buffer(winner)),
        WindowPrograms.global(out), null, nodes, List.of(), "no winner yet");
    if (in > 0) {
      ctx.launch(program.kernel("scatter"), program.index(),
          List.of(new KernelArg.Buffer(ctx.buffer(head.input(1))), new KernelArg.Buffer(winner),
              new KernelArg.Buffer(ctx.buffer(ErrorFlag.BUFFER))),
          WindowPrograms.global(in), null, nodes, List.of(), "integer atomic_max: the last X element wins, in any order");
    }
    ctx.launch(program.kernel("gather"), program.index(),
        List.of(new KernelArg.Buffer(ctx.buffer(head.input(0))), new KernelArg.Buffer(winner), new KernelArg.Buffer(result)),
        WindowPrograms.global(out), null, nodes, List.of(result), "");
  }
}
