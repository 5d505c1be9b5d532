package cnnx.compiler.onnx;

/**
 * Bounds on what a model may declare, checked before anything is allocated from a declared size.
 *
 * @param maxFileBytes largest model file read
 * @param maxRank largest tensor rank
 * @param maxTensorElements largest element count of one tensor
 * @param maxNodes largest node count
 */
public record ModelLimits(long maxFileBytes, int maxRank, long maxTensorElements, int maxNodes) {
  public static final ModelLimits DEFAULT = new ModelLimits(2L << 30, 8, cnnx.compiler.ir.Shapes.MAX_ELEMENTS, 100_000);

  public ModelLimits {
    if (maxFileBytes <= 0 || maxRank <= 0 || maxTensorElements <= 0 || maxNodes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
