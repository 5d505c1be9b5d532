package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Node;
import java.util.Arrays;

/**
 * Where a sliding window sits along each spatial axis: kernel, strides, dilations, the effective
 * begin/end padding (after auto_pad) and the output size. Output tap {@code j} of output index
 * {@code o} reads input index {@code o * stride - padBegin + j * dilation}. Conv, the pools,
 * ConvTranspose and MaxUnpool all size their outputs here; -1 marks a size not known statically.
 */
public record WindowGeometry(long[] input, long[] kernel, long[] strides, long[] dilations,
    long[] padBegin, long[] padEnd, long[] output) {

  public int rank() {
    return input.length;
  }

  /**
   * Geometry of Conv and the pools from the node's strides, dilations, pads and auto_pad.
   * {@code kernel} and {@code input} may hold -1 for unknown sizes.
   */
  public static WindowGeometry forward(Node node, long[] kernel, long[] input, boolean ceilMode) {
    int r = input.length;
    long[] strides = positive(node, "strides", r);
    long[] dilations = positive(node, "dilations", r);
    AutoPad autoPad = AutoPad.of(node);
    long[] pads = pads(node, r, autoPad);
    long[] begin = new long[r];
    long[] end = new long[r];
    long[] out = new long[r];
    try {
      for (int i = 0; i < r; i++) {
        long k = kernel[i];
        long in = input[i];
        long s = strides[i];
        begin[i] = autoPad == AutoPad.NOTSET ? pads[i] : autoPad == AutoPad.VALID ? 0 : -1;
        end[i] = autoPad == AutoPad.NOTSET ? pads[i + r] : autoPad == AutoPad.VALID ? 0 : -1;
        if (k < 0 || in < 0) {
          out[i] = -1;
          continue;
        }
        long extent = Math.addExact(Math.multiplyExact(k - 1, dilations[i]), 1);
        switch (autoPad) {
          case NOTSET, VALID -> {
            long padded = Math.addExact(in, Math.addExact(begin[i], end[i]));
            long span = padded - extent;
            if (span < 0) {
              throw node.invalid("the kernel extent " + extent + " along spatial axis " + i
                  + " is larger than the padded input size " + padded);
            }
            long o = (ceilMode ? Math.ceilDiv(span, s) : span / s) + 1;
            // A ceil-mode window that would start inside the end padding is dropped.
            if (ceilMode && (o - 1) * s >= in + begin[i]) {
              o--;
            }
            out[i] = o;
          }
          case SAME_UPPER, SAME_LOWER -> {
            long o = Math.ceilDiv(in, s);
            long total = Math.max(0, Math.addExact(Math.multiplyExact(o - 1, s), extent) - in);
            begin[i] = autoPad == AutoPad.SAME_UPPER ? total / 2 : total - total / 2;
            end[i] = total - begin[i];
            out[i] = o;
          }
        }
        if (out[i] < 1) {
          throw node.invalid("output size along spatial axis " + i + " would be " + out[i]
              + " (input " + in + ", kernel " + k + ")");
        }
      }
    } catch (ArithmeticException e) {
      throw node.invalid("window attributes overflow: " + e.getMessage());
    }
    return new WindowGeometry(input.clone(), kernel.clone(), strides, dilations, begin, end, out);
  }

  /** An INTS attribute of r positive values, all ones when absent. */
  static long[] positive(Node node, String attr, int r) {
    long[] v = node.intsAttr(attr);
    if (v == null) {
      v = new long[r];
      Arrays.fill(v, 1);
    }
    if (v.length != r) {
      throw node.invalid("attribute '" + attr + "' has " + v.length + " values, expected " + r
          + " (one per spatial axis)");
    }
    for (long x : v) {
      if (x <= 0) {
        throw node.invalid("attribute '" + attr + "' must be positive, is " + Arrays.toString(v));
      }
    }
    return v;
  }

  /** The pads attribute: 2r non-negative values (begins, then ends), zeros when absent. */
  static long[] pads(Node node, int r, AutoPad autoPad) {
    long[] v = node.intsAttr("pads");
    if (v == null) {
      return new long[2 * r];
    }
    if (v.length != 2 * r) {
      throw node.invalid("attribute 'pads' has " + v.length + " values, expected " + 2 * r
          + " (begin and end per spatial axis)");
    }
    boolean any = false;
    for (long x : v) {
      if (x < 0) {
        throw node.invalid("attribute 'pads' must not be negative, is " + Arrays.toString(v));
      }
      any |= x != 0;
    }
    if (any && autoPad != AutoPad.NOTSET) {
      throw node.invalid("explicit 'pads' " + Arrays.toString(v) + " cannot be combined with auto_pad " + autoPad);
    }
    return v;
  }

  /** The kernel_shape attribute, checked to have r positive values; null when absent. */
  static long[] kernelShape(Node node, int r, boolean required) {
    long[] k = node.intsAttr("kernel_shape");
    if (k == null) {
      if (required) {
        throw node.invalid("attribute 'kernel_shape' is required");
      }
      return null;
    }
    if (k.length != r) {
      throw node.invalid("attribute 'kernel_shape' has " + k.length + " values, expected " + r
          + " (one per spatial axis)");
    }
    for (long x : k) {
      if (x <= 0) {
        throw node.invalid("attribute 'kernel_shape' must be positive, is " + Arrays.toString(k));
      }
    }
    return k;
  }

  /** Values widened to 3 axes by prepending {@code fill}, so that 1-D and 2-D run the 3-D loops. */
  static int[] to3(long[] v, int fill) {
    int[] out = new int[3];
    int lead = 3 - v.length;
    for (int i = 0; i < 3; i++) {
      out[i] = i < lead ? fill : Math.toIntExact(v[i - lead]);
    }
    return out;
  }
}
