package cnnx.compiler.ops.tensor;

import cnnx.compiler.ops.OpRegistry;

/** Shape, layout, indexing, padding and resampling ops. */
public final class TensorOps {
  private TensorOps() {}

  public static void register(OpRegistry.Builder b) {
    b.add(new ConcatOp())
        .add(new SplitOp())
        .add(new SliceOp())
        .add(new ReshapeOp())
        .add(new FlattenOp())
        .add(new TransposeOp())
        .add(new SqueezeOp())
        .add(new UnsqueezeOp())
        .add(new PadOp())
        .add(new ResizeOp())
        .add(new DepthToSpaceOp())
        .add(new SpaceToDepthOp())
        .add(new ShapeOp())
        .add(new SizeOp())
        .add(new ConstantOfShapeOp())
        .add(new GatherOp())
        .add(new TileOp())
        .add(new ExpandOp())
        .add(new RangeOp())
        .add(new ArgOp(true))
        .add(new ArgOp(false))
        .add(new TopKOp())
        .add(new CumSumOp())
        .add(new GatherElementsOp())
        .add(new GatherNdOp())
        .add(new ScatterElementsOp())
        .add(new ScatterNdOp())
        .add(new NonZeroOp())
        .add(new NonMaxSuppressionOp());
  }
}
