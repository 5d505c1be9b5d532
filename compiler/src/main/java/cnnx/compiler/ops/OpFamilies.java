package cnnx.compiler.ops;

import cnnx.compiler.ops.elementwise.ElementwiseOps;
import cnnx.compiler.ops.fused.FusedOp;
import cnnx.compiler.ops.spatial.SpatialOps;
import cnnx.compiler.ops.quant.QuantOps;
import cnnx.compiler.ops.tensor.TensorOps;

/** Lists the op families; each family registers its ops. */
final class OpFamilies {
  private OpFamilies() {}

  static void registerAll(OpRegistry.Builder b) {
    SpatialOps.register(b);
    ElementwiseOps.register(b);
    TensorOps.register(b);
    QuantOps.register(b);
    b.add(new FusedOp());
    b.add(new cnnx.compiler.ops.control.IfOp());
    b.add(new cnnx.compiler.ops.control.LoopOp());
    // Only where training_mode is fed at run time; every other Dropout is Identity after import.
    b.add(new DropoutOp());
  }
}
