package cnnx.compiler.codegen.tensor;

import cnnx.compiler.codegen.ElementEmitter;
import cnnx.compiler.codegen.KernelLibrary;

/**
 * Element emitters for data movement: concat, split, slice, pad, transpose, gather, resize and
 * the like. Each computes one output element by remapping its coordinates into an input's; the
 * same emitters move float and int64 data. Reshape, Flatten, Squeeze, Unsqueeze and Identity are
 * buffer aliases, registered by the library itself.
 */
public final class TensorKernels {
  private TensorKernels() {}

  public static void register(KernelLibrary.Builder b) {
    b.emitter("Concat", guarded(JoinKernels::concat))
        .emitter("Split", guarded(JoinKernels::split))
        .emitter("Slice", guarded(SliceKernel::emit))
        .emitter("Transpose", guarded(LayoutKernels::transpose))
        .emitter("Pad", guarded(PadKernel::emit))
        .emitter("Resize", guarded(ResizeKernel::emit))
        .emitter("DepthToSpace", guarded(LayoutKernels::depthToSpace))
        .emitter("SpaceToDepth", guarded(LayoutKernels::spaceToDepth))
        .emitter("Gather", guarded(GatherKernel::emit))
        .emitter("Tile", guarded(LayoutKernels::tile))
        .emitter("Expand", guarded(LayoutKernels::expand))
        .emitter("Shape", guarded(ShapeKernels::shape))
        .emitter("Size", guarded(ShapeKernels::size))
        .emitter("ConstantOfShape", guarded(ShapeKernels::constantOfShape))
        .emitter("Range", guarded(ShapeKernels::range))
        .emitter("ArgMax", guarded(IndexingKernels::arg))
        .emitter("ArgMin", guarded(IndexingKernels::arg))
        .emitter("TopK", guarded(IndexingKernels::topK))
        .emitter("CumSum", guarded(CumSumKernel::emit))
        .emitter("GatherElements", guarded(IndexingKernels::gatherElements))
        .emitter("GatherND", guarded(IndexingKernels::gatherNd))
        .emitter("ScatterElements", guarded(IndexingKernels::scatterElements))
        .emitter("ScatterND", guarded(IndexingKernels::scatterNd));
  }

  /**
   * An empty output's kernel returns before the body, so its body is just a zero: remapping
   * tables would be empty arrays, which C does not allow.
   */
  private static ElementEmitter guarded(ElementEmitter e) {
    return ctx -> {
      if (Coords.emptyOutput(ctx)) {
        ctx.result(Coords.zero(ctx.outputType()));
      } else {
        e.emit(ctx);
      }
    };
  }
}
