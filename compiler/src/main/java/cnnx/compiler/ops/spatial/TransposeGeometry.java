package cnnx.compiler.ops.spatial;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Node;
import java.util.Arrays;

/**
 * Output size and padding of ConvTranspose, as a {@link WindowGeometry} read backwards: input
 * index {@code i} with tap {@code j} writes output index {@code i * stride - padBegin + j * dilation}.
 * The padding split for output_shape and auto_pad follows the ONNX specification: an odd total
 * puts the extra pad at the end for SAME_UPPER and at the beginning otherwise ({@link #padBegin}).
 */
public final class TransposeGeometry {
  private TransposeGeometry() {}

  static WindowGeometry of(Node node, long[] kernel, long[] input) {
    int r = input.length;
    long[] strides = WindowGeometry.positive(node, "strides", r);
    long[] dilations = WindowGeometry.positive(node, "dilations", r);
    AutoPad autoPad = AutoPad.of(node);
    long[] pads = WindowGeometry.pads(node, r, autoPad);
    long[] outputPadding = outputPadding(node, r, strides, dilations);
    long[] outputShape = outputShape(node, r);
    long[] begin = new long[r];
    long[] end = new long[r];
    long[] out = new long[r];
    try {
      for (int i = 0; i < r; i++) {
        long k = kernel[i];
        long in = input[i];
        boolean known = k >= 0 && in >= 0;
        long full = !known ? -1 : Math.addExact(Math.addExact(Math.multiplyExact(strides[i], in - 1),
            outputPadding[i]), Math.addExact(Math.multiplyExact(k - 1, dilations[i]), 1));
        long target;
        if (outputShape != null) {
          target = outputShape[i];
        } else if (autoPad.isSame()) {
          target = in < 0 ? -1 : Math.multiplyExact(in, strides[i]);
        } else {
          begin[i] = autoPad == AutoPad.VALID ? 0 : pads[i];
          end[i] = autoPad == AutoPad.VALID ? 0 : pads[i + r];
          out[i] = !known ? -1 : full - begin[i] - end[i];
          if (known && out[i] < 1) {
            throw node.invalid("output size along spatial axis " + i + " would be " + out[i]
                + " (input " + in + ", kernel " + k + ", pads " + begin[i] + "+" + end[i] + ")");
          }
          continue;
        }
        out[i] = target;
        if (!known || target < 0) {
          begin[i] = -1;
          end[i] = -1;
          continue;
        }
        long total = full - target;
        if (total < 0 && outputShape == null) {
          // SAME with a kernel below the stride: ONNX's reference splits the negative total by
          // floor division, ONNX Runtime outputs the full size instead; neither is taken.
          throw new UnsupportedModelException(node.describe() + ": " + autoPad + " output size " + target
              + " along spatial axis " + i + " is larger than the full transposed output " + full
              + " (it would need negative padding: ONNX Runtime and ONNX's reference place it differently)");
        }
        if (-total >= strides[i]) {
          throw new UnsupportedModelException(node.describe() + ": output size " + target + " along spatial axis "
              + i + " exceeds the full transposed output " + full + " by " + -total + ", not less than the stride "
              + strides[i] + " (no input size gives it; ONNX Runtime refuses it too)");
        }
        begin[i] = padBegin(total, autoPad == AutoPad.SAME_UPPER);
        end[i] = total - begin[i];
      }
    } catch (ArithmeticException e) {
      throw node.invalid("window attributes overflow: " + e.getMessage());
    }
    return new WindowGeometry(input.clone(), kernel.clone(), strides, dilations, begin, end, out);
  }

  /**
   * The begin padding for output_shape or SAME: of {@code total = full - output}, the larger half at
   * the beginning unless SAME_UPPER. An output larger than the full one by less than a stride
   * (negative total) has the extra elements at the end, where output_padding adds them (as ONNX
   * Runtime and ONNX's node test do), so nothing is cropped at the beginning.
   */
  public static long padBegin(long total, boolean sameUpper) {
    if (total < 0) {
      return 0;
    }
    return sameUpper ? total / 2 : total - total / 2;
  }

  /** output_padding: r values, each below its stride or its dilation (else it adds no new tap). */
  private static long[] outputPadding(Node node, int r, long[] strides, long[] dilations) {
    long[] v = node.intsAttr("output_padding");
    if (v == null) {
      return new long[r];
    }
    if (v.length != r) {
      throw node.invalid("attribute 'output_padding' has " + v.length + " values, expected " + r);
    }
    for (int i = 0; i < r; i++) {
      if (v[i] < 0 || (v[i] >= strides[i] && v[i] >= dilations[i])) {
        throw node.invalid("attribute 'output_padding' " + Arrays.toString(v)
            + " must be non-negative and below the stride or dilation of its axis");
      }
    }
    return v;
  }

  /** output_shape: the spatial output sizes (a leading N and C, when given, are not used). */
  private static long[] outputShape(Node node, int r) {
    long[] v = node.intsAttr("output_shape");
    if (v == null) {
      return null;
    }
    if (v.length == r + 2) {
      v = Arrays.copyOfRange(v, 2, v.length);
    }
    if (v.length != r) {
      throw node.invalid("attribute 'output_shape' has " + node.intsAttr("output_shape").length
          + " values, expected " + r + " (one per spatial axis)");
    }
    for (long x : v) {
      if (x <= 0) {
        throw node.invalid("attribute 'output_shape' must be positive, is " + Arrays.toString(v));
      }
    }
    return v;
  }
}
