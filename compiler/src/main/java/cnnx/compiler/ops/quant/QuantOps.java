package cnnx.compiler.ops.quant;

import cnnx.compiler.ops.OpRegistry;

/** The quantized ops. */
public final class QuantOps {
  private QuantOps() {}

  public static void register(OpRegistry.Builder b) {
    b.add(new QuantizeLinear());
    b.add(new DequantizeLinear());
    b.add(new DynamicQuantizeLinear());
    b.add(new MatMulInteger());
    b.add(new QLinearMatMul());
    b.add(new ConvInteger());
    b.add(new QLinearConv());
  }
}
