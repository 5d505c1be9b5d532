package cnnx.compiler.codegen;

/**
 * Writes the OpenCL C that computes one element of one output of an op: one work-item per
 * output element. Element-wise ops, broadcasting ops, data movement, windows and small
 * reductions are all written this way; the same emitter serves a fused chain or a conv epilogue,
 * where loading the fused operand yields the value computed by the step before.
 */
@FunctionalInterface
public interface ElementEmitter {
  void emit(ElementContext ctx);
}
