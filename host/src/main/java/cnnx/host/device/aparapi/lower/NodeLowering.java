package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Node;
import java.util.List;

/** One node (outside a fused block's epilogue) to its steps, by op family. */
final class NodeLowering {
  private NodeLowering() {}

  static List<Step> lower(Node n, LoweringContext ctx) {
    String op = n.opType();
    if (ContractionLowering.handles(op)) {
      return List.of(ContractionLowering.lower(n, ctx, List.of(n.name()), null, Epilogue.NONE, n.output(0)));
    }
    if (WindowLowering.handles(op)) {
      return WindowLowering.lower(n, ctx);
    }
    if (ElementLowering.handles(op)) {
      return ElementLowering.lower(n, ctx);
    }
    if (ReduceLowering.handles(op)) {
      return ReduceLowering.lower(n, ctx);
    }
    if (MovementLowering.handles(op)) {
      return MovementLowering.lower(n, ctx);
    }
    throw new Unsupported("no Aparapi kernel computes " + op);
  }
}
