package cnnx.compiler.codegen.quant;

import cnnx.compiler.codegen.ElementContext;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import java.util.Optional;

/** An element kernel's static input shapes and types as an inference context, to reuse the ops' checks. */
record StaticShapes(ElementContext ctx) implements InferenceContext {
  static StaticShapes of(ElementContext ctx) {
    return new StaticShapes(ctx);
  }

  @Override
  public Node node() {
    return ctx.node();
  }

  @Override
  public int inputCount() {
    return ctx.node().inputs().size();
  }

  @Override
  public TensorType inputType(int i) {
    if (!ctx.hasInput(i)) {
      throw ctx.node().invalid("input " + i + " is required");
    }
    return TensorType.of(ctx.inputDataType(i), ctx.inputShape(i));
  }

  @Override
  public boolean hasInput(int i) {
    return ctx.hasInput(i);
  }

  @Override
  public Optional<Tensor> constant(int i) {
    return ctx.constant(i);
  }
}
