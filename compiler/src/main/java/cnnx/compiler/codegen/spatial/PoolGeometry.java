package cnnx.compiler.codegen.spatial;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.spatial.WindowGeometry;
import java.util.Arrays;

/**
 * The reference's window geometry of a pool over a static input: kernel, strides, dilations,
 * effective pads (after auto_pad) and output size per spatial axis. Output tap {@code j} of output
 * index {@code o} reads input index {@code o * stride - padBegin + j * dilation}.
 *
 * <p>It is computed by the reference op's own {@link WindowGeometry#forward}, so that kernels bake
 * exactly the pads and sizes the interpreter uses.
 */
record PoolGeometry(long[] input, long[] kernel, long[] strides, long[] dilations, long[] padBegin,
    long[] padEnd, long[] output) {
  int rank() {
    return input.length;
  }

  /**
   * Geometry of a MaxPool, AveragePool or LpPool node over an input of shape {@code x} (N x C x
   * spatial), checked against the output shape the graph gives it.
   */
  static PoolGeometry of(Node node, int[] x, int[] y) {
    int r = x.length - 2;
    long[] input = new long[r];
    for (int a = 0; a < r; a++) {
      input[a] = x[a + 2];
    }
    long[] kernel = node.intsAttr("kernel_shape");
    if (kernel == null) {
      throw node.invalid("attribute 'kernel_shape' is required");
    }
    boolean ceil = node.intAttr("ceil_mode", 0) == 1;
    WindowGeometry g = WindowGeometry.forward(node, kernel, input, ceil);
    PoolGeometry pg = new PoolGeometry(g.input().clone(), g.kernel().clone(), g.strides().clone(),
        g.dilations().clone(), g.padBegin().clone(), g.padEnd().clone(), g.output().clone());
    for (int a = 0; a < r; a++) {
      if (pg.output[a] != y[a + 2]) {
        throw new IllegalStateException(node.describe() + ": window output " + Arrays.toString(pg.output)
            + " disagrees with the output shape " + Arrays.toString(y));
      }
    }
    return pg;
  }
}
