package cnnx.compiler.codegen.spatial;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ops.spatial.TransposeGeometry;

/**
 * The window of a Conv, ConvTranspose or pool in a specialised graph, widened to 3 spatial axes
 * (leading axes of size 1) so that one template serves 1-D, 2-D and 3-D. Sizes come from the
 * graph's static types (the reference op already checked the node and sized its output); only the
 * begin padding is derived here, from pads / auto_pad as the ONNX specification splits them.
 *
 * <p>Forward ops: output {@code o} tap {@code j} reads input {@code o * stride - pad + j * dilation}.
 * Transposed: input {@code i} tap {@code j} writes output {@code i * stride - pad + j * dilation}.
 */
record ConvGeometry(int rank, int[] in, int[] out, int[] kernel, int[] strides, int[] dilations, int[] pads) {

  /** Conv (kernel from W) or a pool (kernel from kernel_shape), reading {@code node.input(0)}. */
  static ConvGeometry forward(Node node, Graph graph, int[] kernelFromWeights) {
    int[] x = shape(graph, node.input(0));
    int[] y = shape(graph, node.output(0));
    int r = x.length - 2;
    long[] k = kernelFromWeights != null ? toLongs(kernelFromWeights) : node.intsAttr("kernel_shape");
    long[] s = attr(node, "strides", r, 1);
    long[] d = attr(node, "dilations", r, 1);
    long[] pads = attr(node, "pads", 2 * r, 0);
    String autoPad = node.stringAttr("auto_pad", "NOTSET");
    long[] begin = new long[r];
    for (int i = 0; i < r; i++) {
      long extent = (k[i] - 1) * d[i] + 1;
      long total = Math.max(0, (y[i + 2] - 1) * s[i] + extent - x[i + 2]);
      begin[i] = switch (autoPad) {
        case "SAME_UPPER" -> total / 2;
        case "SAME_LOWER" -> total - total / 2;
        case "VALID" -> 0;
        default -> pads[i];
      };
    }
    return new ConvGeometry(r, spatial(x), spatial(y), widen(k, 1), widen(s, 1), widen(d, 1), widen(begin, 0));
  }

  /** ConvTranspose: W is C x M/group x k..., output_shape / auto_pad fix the padding split. */
  static ConvGeometry transposed(Node node, Graph graph) {
    int[] x = shape(graph, node.input(0));
    int[] w = shape(graph, node.input(1));
    int[] y = shape(graph, node.output(0));
    int r = x.length - 2;
    long[] k = new long[r];
    for (int i = 0; i < r; i++) {
      k[i] = w[i + 2];
    }
    long[] s = attr(node, "strides", r, 1);
    long[] d = attr(node, "dilations", r, 1);
    long[] pads = attr(node, "pads", 2 * r, 0);
    long[] outPad = attr(node, "output_padding", r, 0);
    String autoPad = node.stringAttr("auto_pad", "NOTSET");
    boolean split = node.intsAttr("output_shape") != null || autoPad.startsWith("SAME");
    long[] begin = new long[r];
    for (int i = 0; i < r; i++) {
      long full = s[i] * (x[i + 2] - 1) + outPad[i] + (k[i] - 1) * d[i] + 1;
      long total = full - y[i + 2];
      if (split) {
        begin[i] = TransposeGeometry.padBegin(total, autoPad.equals("SAME_UPPER"));
      } else {
        begin[i] = autoPad.equals("VALID") ? 0 : pads[i];
      }
    }
    return new ConvGeometry(r, spatial(x), spatial(y), widen(k, 1), widen(s, 1), widen(d, 1), widen(begin, 0));
  }

  static int[] shape(Graph graph, String value) {
    return graph.typeOf(value).orElseThrow(() -> new IllegalStateException("untyped value " + value)).shape();
  }

  private static long[] attr(Node node, String name, int n, long fill) {
    long[] v = node.intsAttr(name);
    if (v == null) {
      v = new long[n];
      java.util.Arrays.fill(v, fill);
    }
    return v;
  }

  private static long[] toLongs(int[] v) {
    long[] l = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = v[i];
    }
    return l;
  }

  private static int[] spatial(int[] shape) {
    int[] s = new int[shape.length - 2];
    System.arraycopy(shape, 2, s, 0, s.length);
    return widen(toLongs(s), 1);
  }

  /** Values widened to 3 axes by prepending {@code fill}. */
  private static int[] widen(long[] v, int fill) {
    int[] out = new int[3];
    int lead = 3 - v.length;
    for (int i = 0; i < 3; i++) {
      out[i] = i < lead ? fill : Math.toIntExact(v[i - lead]);
    }
    return out;
  }

  /** Output positions per plane. */
  int outPlane() {
    return out[0] * out[1] * out[2];
  }

  /** Kernel taps per channel. */
  int taps() {
    return kernel[0] * kernel[1] * kernel[2];
  }
}
