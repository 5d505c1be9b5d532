package cnnx.compiler.ops;

import cnnx.compiler.verify.ToleranceClass;

/**
 * How an op may fuse, after TVM's op pattern kinds. Fusion keys on these, not on hand-listed pairs.
 */
public enum OpCategory {
  /** One output element from the same-index input element(s): Relu, Sigmoid, Clip. */
  ELEMENTWISE,
  /** Element-wise with broadcasting of one operand: Add, Mul, PRelu. */
  BROADCAST,
  /** Each output element reads one input element at a computed index: Transpose, Slice, Concat. */
  INJECTIVE,
  /** Reduces along axes: ReduceMean, GlobalAveragePool, Softmax. */
  REDUCE,
  /** Heavy ops whose output can take an element-wise epilogue: Conv, ConvTranspose, Gemm, MatMul. */
  OUT_ELEMENTWISE_FUSABLE,
  /**
   * Window ops that can be a declared epilogue of a conv block: MaxPool, AveragePool. The conv
   * kernel pools by max or by average; another pool joins only once that kernel knows it.
   */
  POOL,
  /** Values computed at compile time or of shape: Constant, Shape, ConstantOfShape. */
  SHAPE,
  /** Everything else. */
  OPAQUE;

  /**
   * The usual tolerance class of the kind: kinds that sum (and the unknown, OPAQUE) are
   * accumulating, the rest exact. Ops that differ (a max-pool, a transcendental activation)
   * declare their own.
   */
  public ToleranceClass toleranceClass() {
    return switch (this) {
      case ELEMENTWISE, BROADCAST, INJECTIVE, SHAPE -> ToleranceClass.EXACT;
      case REDUCE, OUT_ELEMENTWISE_FUSABLE, POOL, OPAQUE -> ToleranceClass.ACCUMULATING;
    };
  }
}
