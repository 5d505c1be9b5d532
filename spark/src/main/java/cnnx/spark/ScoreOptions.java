package cnnx.spark;

import cnnx.api.CnnxException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link CnnxSpark#score} runs a model on each executor and what it adds to each row. Immutable; each
 * {@code with...} returns a copy. Serializable: it travels to the executors with the job.
 *
 * <p>Preprocessing applies to image rows only (Spark's image data source schema: 8-bit BGR(A) or grey, row by row):
 * pixels are divided by {@code pixelDivisor} (255 by default: [0, 1], exactly as {@code cnnx demo} feeds the bundled
 * images), then normalised per channel as {@code (x - mean[c]) / std[c]}, with channels in RGB order unless {@code bgr}. A
 * float-array column is fed as it is, as {@code cnnx run} feeds its tensor files: it must already hold the model's
 * C×H×W values.
 *
 * @param device the device spec every executor opens ("reference", "opencl", "opencl:N", ...); null: the plan's
 *     own target (a device here whose target matches), or "reference" for an ONNX model
 * @param fallback a device to use where {@code device} cannot be opened, or null: then such an executor fails
 * @param batchSize images per run; 0: the plan's batch, or 32 for an ONNX model
 * @param topK how many classes to report per row; 0 reports the raw output tensor instead
 * @param labels class names by output index, or empty (labels columns are then absent)
 * @param pixelDivisor what image rows' 8-bit pixels are divided by
 * @param mean per-channel mean subtracted after scaling (one value applies to every channel)
 * @param std per-channel divisor after subtracting the mean (one value applies to every channel)
 * @param bgr feed image rows' channels in the data source's BGR order rather than RGB
 * @param faultPartition test only: the partition whose first attempt fails with a DEVICE error, or -1
 */
public record ScoreOptions(String device, String fallback, int batchSize, int topK, List<String> labels, float pixelDivisor,
    float[] mean, float[] std, boolean bgr, int faultPartition) implements Serializable {
  static final int DEFAULT_ONNX_BATCH = 32;

  public ScoreOptions {
    if (batchSize < 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "batch size must be 0 (the plan's) or more, got " + batchSize);
    }
    if (topK < 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "top-k must be 0 (raw output) or more, got " + topK);
    }
    if (!(pixelDivisor != 0 && Float.isFinite(pixelDivisor))) {
      throw new CnnxException(CnnxException.Kind.INVALID, "the pixel divisor must be finite and non-zero, got "
          + pixelDivisor);
    }
    if (mean.length == 0 || std.length == 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "mean and std need at least one value");
    }
    for (float s : std) {
      if (!(s != 0 && Float.isFinite(s))) {
        throw new CnnxException(CnnxException.Kind.INVALID, "std values must be finite and non-zero: "
            + Arrays.toString(std));
      }
    }
    labels = List.copyOf(labels);
    mean = mean.clone();
    std = std.clone();
  }

  /** Top-5 classes, pixels/255, the plan's batch, the plan's device (reference for an ONNX model), no fallback. */
  public static ScoreOptions defaults() {
    return new ScoreOptions(null, null, 0, 5, List.of(), 255f, new float[] {0}, new float[] {1}, false, -1);
  }

  public ScoreOptions withDevice(String d) {
    return new ScoreOptions(d, fallback, batchSize, topK, labels, pixelDivisor, mean, std, bgr, faultPartition);
  }

  /** Where the device cannot be opened (missing, broken), run there instead; the rows' provenance says so. */
  public ScoreOptions withFallback(String d) {
    return new ScoreOptions(device, d, batchSize, topK, labels, pixelDivisor, mean, std, bgr, faultPartition);
  }

  public ScoreOptions withBatchSize(int n) {
    return new ScoreOptions(device, fallback, n, topK, labels, pixelDivisor, mean, std, bgr, faultPartition);
  }

  public ScoreOptions withTopK(int k) {
    return new ScoreOptions(device, fallback, batchSize, k, labels, pixelDivisor, mean, std, bgr, faultPartition);
  }

  /** The raw output tensor of each image instead of top-k classes. */
  public ScoreOptions withRawOutput() {
    return withTopK(0);
  }

  public ScoreOptions withLabels(List<String> names) {
    return new ScoreOptions(device, fallback, batchSize, topK, names, pixelDivisor, mean, std, bgr, faultPartition);
  }

  /** Image rows' pixels are divided by this before normalisation (255: [0, 1]). */
  public ScoreOptions withPixelDivisor(float d) {
    return new ScoreOptions(device, fallback, batchSize, topK, labels, d, mean, std, bgr, faultPartition);
  }

  public ScoreOptions withNormalisation(float[] m, float[] s) {
    return new ScoreOptions(device, fallback, batchSize, topK, labels, pixelDivisor, m, s, bgr, faultPartition);
  }

  public ScoreOptions withBgr(boolean b) {
    return new ScoreOptions(device, fallback, batchSize, topK, labels, pixelDivisor, mean, std, b, faultPartition);
  }

  /** Test only: the first attempt of this partition fails with a DEVICE error, for Spark to retry. */
  ScoreOptions withInjectedDeviceFault(int partition) {
    return new ScoreOptions(device, fallback, batchSize, topK, labels, pixelDivisor, mean, std, bgr, partition);
  }

  float meanOf(int channel) {
    return mean[mean.length == 1 ? 0 : channel];
  }

  float stdOf(int channel) {
    return std[std.length == 1 ? 0 : channel];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreOptions s && java.util.Objects.equals(device, s.device)
        && java.util.Objects.equals(fallback, s.fallback) && batchSize == s.batchSize && topK == s.topK
        && labels.equals(s.labels) && pixelDivisor == s.pixelDivisor && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std)
        && bgr == s.bgr && faultPartition == s.faultPartition;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(device, fallback, batchSize, topK, labels, pixelDivisor, Arrays.hashCode(mean),
        Arrays.hashCode(std), bgr, faultPartition);
  }

  @Override
  public String toString() {
    return "ScoreOptions[device=" + device + ", fallback=" + fallback + ", batch=" + batchSize + ", topK=" + topK
        + ", labels=" + labels.size() + ", pixelDivisor=" + pixelDivisor + ", mean=" + Arrays.toString(mean) + ", std="
        + Arrays.toString(std) + ", bgr=" + bgr + "]";
  }
}
