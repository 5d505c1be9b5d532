package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Node;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.List;

/** The arguments every conv template takes first, in its order: input, weights, the bias where there is one, output. */
final class ConvArgs {
  private ConvArgs() {}

  /** A list to append the template's own arguments to. */
  static List<KernelArg> leading(LoweringContext ctx, Node head, int weights, int output) {
    List<KernelArg> args = new ArrayList<>();
    args.add(new KernelArg.Buffer(ctx.buffer(head.input(0))));
    args.add(new KernelArg.Buffer(weights));
    if (head.hasInput(2)) {
      args.add(new KernelArg.Buffer(ctx.buffer(head.input(2))));
    }
    args.add(new KernelArg.Buffer(output));
    return args;
  }
}
