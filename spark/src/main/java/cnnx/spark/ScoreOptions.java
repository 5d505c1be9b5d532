package cnnx.spark;

import cnnx.api.CnnxException;
import cnnx.api.Preprocessing;
import java.io.Serializable;
import java.util.List;

/**
 * How {@link CnnxSpark#score} runs a model on each executor and what it adds to each row. Immutable; each
 * {@code with...} returns a copy. Serializable: it travels to the executors with the job.
 *
 * <p>Image rows (Spark's image data source schema) are preprocessed as {@code cnnx run} and {@code cnnx classify}
 * preprocess image files ({@link cnnx.api.Preprocessing}: torchvision's resize of the shorter side, center crop to
 * the model's input, scaling to [0, 1] in RGB order, normalisation). A float-array column is fed as it is, as
 * {@code cnnx run} feeds its tensor files: it must already hold the model's C×H×W (or H×W×C) values.
 *
 * @param device the device spec every executor opens ("reference", "opencl", "opencl:N", ...); null: the plan's
 *     own target (a device here whose target matches), or "reference" for an ONNX model
 * @param fallback a device to use where {@code device} cannot be opened, or null: then such an executor fails
 * @param batchSize images per run; 0: the plan's batch, or 32 for an ONNX model
 * @param topK how many classes to report per row; 0 reports the raw output tensor instead
 * @param labels class names by output index, or empty (labels columns are then absent)
 * @param preprocess as {@code --preprocess}: "imagenet", "none" or "mean=A,B,C,std=D,E,F"; null: imagenet for RGB
 *     models, none for grey ones
 * @param resize as {@code --resize}: the shorter side before the center crop; 0: the preprocessing's default
 * @param faultPartition test only: the partition whose first attempt fails with a DEVICE error, or -1
 */
public record ScoreOptions(String device, String fallback, int batchSize, int topK, List<String> labels,
    String preprocess, int resize, int faultPartition) implements Serializable {
  static final int DEFAULT_ONNX_BATCH = 32;

  public ScoreOptions {
    if (batchSize < 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "batch size must be 0 (the plan's) or more, got " + batchSize);
    }
    if (topK < 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "top-k must be 0 (raw output) or more, got " + topK);
    }
    if (resize < 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "resize must be 0 (the default) or positive, got " + resize);
    }
    labels = List.copyOf(labels);
  }

  /** Top-5 classes, the plan's batch and device (reference for an ONNX model), cnnx run's preprocessing, no fallback. */
  public static ScoreOptions defaults() {
    return new ScoreOptions(null, null, 0, 5, List.of(), null, 0, -1);
  }

  public ScoreOptions withDevice(String d) {
    return new ScoreOptions(d, fallback, batchSize, topK, labels, preprocess, resize, faultPartition);
  }

  /** Where the device cannot be opened (missing, broken), run there instead; the rows' provenance says so. */
  public ScoreOptions withFallback(String d) {
    return new ScoreOptions(device, d, batchSize, topK, labels, preprocess, resize, faultPartition);
  }

  public ScoreOptions withBatchSize(int n) {
    return new ScoreOptions(device, fallback, n, topK, labels, preprocess, resize, faultPartition);
  }

  public ScoreOptions withTopK(int k) {
    return new ScoreOptions(device, fallback, batchSize, k, labels, preprocess, resize, faultPartition);
  }

  /** The raw output tensor of each image instead of top-k classes. */
  public ScoreOptions withRawOutput() {
    return withTopK(0);
  }

  public ScoreOptions withLabels(List<String> names) {
    return new ScoreOptions(device, fallback, batchSize, topK, names, preprocess, resize, faultPartition);
  }

  /** As {@code cnnx run --preprocess}: "imagenet", "none", or "mean=A,B,C,std=D,E,F". */
  public ScoreOptions withPreprocess(String spec) {
    return new ScoreOptions(device, fallback, batchSize, topK, labels, spec, resize, faultPartition);
  }

  /** As {@code cnnx run --resize}: the shorter side before the center crop. */
  public ScoreOptions withResize(int shorterSide) {
    return new ScoreOptions(device, fallback, batchSize, topK, labels, preprocess, shorterSide, faultPartition);
  }

  /** Test only: the first attempt of this partition fails with a DEVICE error, for Spark to retry. */
  ScoreOptions withInjectedDeviceFault(int partition) {
    return new ScoreOptions(device, fallback, batchSize, topK, labels, preprocess, resize, partition);
  }

  /** The preprocessing of image rows for a model input of {@code shape}, as the CLI builds it. */
  Preprocessing preprocessing(ImageShape shape) {
    String spec = preprocess != null ? preprocess : shape.channels() == 3 ? "imagenet" : "none";
    Preprocessing p = Preprocessing.parse(spec, shape.height(), shape.width(), shape.channels(),
        shape.channelsLast() ? Preprocessing.Layout.NHWC : Preprocessing.Layout.NCHW);
    return resize > 0 ? p.withResize(resize) : p;
  }
}
