package cnnx.spark;

import cnnx.api.CnnxException;
import cnnx.api.TensorInfo;
import java.io.Serializable;

/**
 * What the model takes per run: a batch of images of C×H×W floats (NCHW) or H×W×C (NHWC). Read from the input's type
 * as the API prints it ({@code float[4x1x28x28]}, or {@code float[Nx1x28x28]} with a symbolic batch); the layout as
 * {@code cnnx run} finds it without {@code --layout}: NCHW when dim 1 is 1 or 3, else NHWC when dim 3 is.
 *
 * @param batch the fixed batch of a plan, or 0 when the batch dim is symbolic
 * @param channelsLast whether the input is NHWC
 */
record ImageShape(int batch, int channels, int height, int width, boolean channelsLast) implements Serializable {
  /** An NCHW input. */
  ImageShape(int batch, int channels, int height, int width) {
    this(batch, channels, height, width, false);
  }

  static ImageShape of(TensorInfo input) {
    String type = input.type();
    int open = type.indexOf('[');
    if (!input.elementType().equals("FLOAT") || open < 0 || !type.endsWith("]")) {
      throw new CnnxException(CnnxException.Kind.UNSUPPORTED, "input " + input.name() + " is " + type
          + ": scoring feeds float images (N x C x H x W)");
    }
    String[] dims = type.substring(open + 1, type.length() - 1).split("x");
    if (dims.length != 4) {
      throw new CnnxException(CnnxException.Kind.UNSUPPORTED, "input " + input.name() + " is " + type
          + ": scoring feeds images as N x C x H x W or N x H x W x C, rank 4");
    }
    int[] d = new int[4];
    for (int i = 0; i < 4; i++) {
      d[i] = dims[i].matches("\\d+") ? Integer.parseInt(dims[i]) : 0;
      if (d[i] == 0 && i > 0) {
        throw new CnnxException(CnnxException.Kind.UNSUPPORTED, "input " + input.name() + " is " + type
            + ": only the batch dim may be symbolic");
      }
    }
    boolean last = !(d[1] == 1 || d[1] == 3) && (d[3] == 1 || d[3] == 3);
    return last ? new ImageShape(d[0], d[3], d[1], d[2], true) : new ImageShape(d[0], d[1], d[2], d[3], false);
  }

  /** The input tensor's dims for a batch of {@code n}. */
  int[] dims(int n) {
    return channelsLast ? new int[] {n, height, width, channels} : new int[] {n, channels, height, width};
  }

  int size() {
    return channels * height * width;
  }

  /** The run's batch: the plan's own, else the option, else a default; a plan refuses any other. */
  int batchFor(ScoreOptions options) {
    if (batch > 0) {
      if (options.batchSize() != 0 && options.batchSize() != batch) {
        throw new CnnxException(CnnxException.Kind.INVALID, "the plan was compiled for batch " + batch
            + ", the options ask for " + options.batchSize() + ": recompile with `cnnx compile --batch "
            + options.batchSize() + "` or leave the batch size unset");
      }
      return batch;
    }
    return options.batchSize() != 0 ? options.batchSize() : ScoreOptions.DEFAULT_ONNX_BATCH;
  }

  @Override
  public String toString() {
    return channelsLast ? height + "x" + width + "x" + channels : channels + "x" + height + "x" + width;
  }
}
