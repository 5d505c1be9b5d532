package cnnx.api;

import java.util.Arrays;
import java.util.List;

/**
 * How an image becomes a model input, as torchvision's {@code Resize(resize)}, {@code CenterCrop(height, width)},
 * {@code ToTensor()}, {@code Normalize(mean, std)} do it: the shorter side is resized to {@code resize} (bilinear
 * with PIL's antialiasing, the longer side keeping the aspect ratio), the center {@code height x width} is cut
 * out, pixels are scaled to [0, 1] in RGB order, then each channel becomes {@code (x - mean) / std}. One-channel
 * models get the image's luminance (PIL's {@code convert("L")}), or a grey image's own samples.
 *
 * @param height the crop height the model takes
 * @param width the crop width the model takes
 * @param resize the length the shorter side is resized to before cropping
 * @param mean one value per channel, or one for all
 * @param std one value per channel, or one for all
 * @param channels 1 (grey) or 3 (RGB)
 * @param layout where channels go in the tensor
 */
public record Preprocessing(int height, int width, int resize, List<Float> mean, List<Float> std, int channels,
    Layout layout) {
  /** Channel-first ({@code N x C x H x W}, PyTorch) or channel-last ({@code N x H x W x C}, TensorFlow). */
  public enum Layout { NCHW, NHWC }

  private static final List<Float> IMAGENET_MEAN = List.of(0.485f, 0.456f, 0.406f);
  private static final List<Float> IMAGENET_STD = List.of(0.229f, 0.224f, 0.225f);

  public Preprocessing {
    if (height < 1 || width < 1 || resize < 1) {
      throw invalid("image sizes must be positive, got " + height + "x" + width + " resized to " + resize);
    }
    if (channels != 1 && channels != 3) {
      throw invalid("images give 1 (grey) or 3 (RGB) channels, not " + channels);
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    for (List<Float> v : List.of(mean, std)) {
      if (v.size() != 1 && v.size() != channels) {
        throw invalid("mean and std take 1 or " + channels + " values, got " + v);
      }
    }
    if (std.stream().anyMatch(s -> !(s > 0) || !Float.isFinite(s)) || mean.stream().anyMatch(m -> !Float.isFinite(m))) {
      throw invalid("std must be positive and mean finite, got mean " + mean + " std " + std);
    }
    if (layout == null) {
      throw invalid("a layout is required");
    }
  }

  /**
   * ImageNet's preprocessing for a {@code height x width} RGB input: shorter side to 256/224 of the crop (256 for
   * 224), mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).
   */
  public static Preprocessing imagenet(int height, int width) {
    return new Preprocessing(height, width, (int) Math.round(Math.min(height, width) * 256.0 / 224.0), IMAGENET_MEAN,
        IMAGENET_STD, 3, Layout.NCHW);
  }

  /** Pixels scaled to [0, 1] only; the shorter side resized to the crop. */
  public static Preprocessing scaleOnly(int height, int width, int channels) {
    return new Preprocessing(height, width, Math.min(height, width), List.of(0f), List.of(1f), channels, Layout.NCHW);
  }

  /**
   * From a command-line spec: {@code imagenet}, {@code none} (scale to [0, 1] only), or
   * {@code mean=A[,B,C],std=D[,E,F]}; the crop, channels and layout are given.
   */
  public static Preprocessing parse(String spec, int height, int width, int channels, Layout layout) {
    String s = spec.strip().toLowerCase(java.util.Locale.ROOT);
    Preprocessing base;
    if (s.equals("imagenet")) {
      base = imagenet(height, width);
      if (channels == 1) {
        // a grey model trained on ImageNet statistics uses their average, as torchvision's grey transforms do
        base = base.withNormalization(List.of(0.449f), List.of(0.226f));
      }
    } else if (s.equals("none")) {
      base = scaleOnly(height, width, channels);
    } else if (s.startsWith("mean=") && s.contains(",std=")) {
      int at = s.indexOf(",std=");
      base = scaleOnly(height, width, channels).withNormalization(floats(s.substring(5, at), spec),
          floats(s.substring(at + 5), spec));
    } else {
      throw invalid("--preprocess takes imagenet, none or mean=A,B,C,std=D,E,F; got '" + spec + "'");
    }
    return new Preprocessing(height, width, base.resize, base.mean, base.std, channels, layout);
  }

  private static List<Float> floats(String csv, String spec) {
    try {
      return Arrays.stream(csv.split(",")).map(x -> Float.parseFloat(x.strip())).toList();
    } catch (NumberFormatException e) {
      throw invalid("--preprocess: '" + spec + "' has a value that is not a number");
    }
  }

  public Preprocessing withNormalization(List<Float> m, List<Float> s) {
    return new Preprocessing(height, width, resize, m, s, channels, layout);
  }

  public Preprocessing withResize(int shorterSide) {
    return new Preprocessing(height, width, shorterSide, mean, std, channels, layout);
  }

  public Preprocessing withLayout(Layout l) {
    return new Preprocessing(height, width, resize, mean, std, channels, l);
  }

  /** The shape of a batch of {@code n} images. */
  public int[] shape(int n) {
    return layout == Layout.NCHW ? new int[] {n, channels, height, width} : new int[] {n, height, width, channels};
  }

  float meanOf(int c) {
    return mean.get(mean.size() == 1 ? 0 : c);
  }

  float stdOf(int c) {
    return std.get(std.size() == 1 ? 0 : c);
  }

  private static CnnxException invalid(String message) {
    return new CnnxException(CnnxException.Kind.INVALID, message);
  }
}
