package cnnx.compiler.codegen.spatial;

import cnnx.compiler.ir.Node;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The reference's window geometry of a pool over a static input: kernel, strides, dilations,
 * effective pads (after auto_pad) and output size per spatial axis. Output tap {@code j} of output
 * index {@code o} reads input index {@code o * stride - padBegin + j * dilation}.
 *
 * <p>It is computed by the reference op's own {@code WindowGeometry.forward}, so that kernels bake
 * exactly the pads and sizes the interpreter uses. That class is package-private to the ops
 * package, hence the reflective call; should it become public, call it directly.
 */
record PoolGeometry(long[] input, long[] kernel, long[] strides, long[] dilations, long[] padBegin,
    long[] padEnd, long[] output) {
  private static final String REFERENCE = "cnnx.compiler.ops.spatial.WindowGeometry";

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
    Object g = call(null, "forward", new Class<?>[] {Node.class, long[].class, long[].class, boolean.class},
        node, kernel, input, ceil);
    PoolGeometry pg = new PoolGeometry(longs(g, "input"), longs(g, "kernel"), longs(g, "strides"),
        longs(g, "dilations"), longs(g, "padBegin"), longs(g, "padEnd"), longs(g, "output"));
    for (int a = 0; a < r; a++) {
      if (pg.output[a] != y[a + 2]) {
        throw new IllegalStateException(node.describe() + ": window output " + Arrays.toString(pg.output)
            + " disagrees with the output shape " + Arrays.toString(y));
      }
    }
    return pg;
  }

  private static long[] longs(Object geometry, String accessor) {
    return ((long[]) call(geometry, accessor, new Class<?>[0])).clone();
  }

  private static Object call(Object target, String method, Class<?>[] types, Object... args) {
    try {
      Method m = Class.forName(REFERENCE).getDeclaredMethod(method, types);
      m.setAccessible(true);
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the reference window geometry is not reachable: " + e, e);
    }
  }
}
