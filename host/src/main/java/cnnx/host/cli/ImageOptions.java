package cnnx.host.cli;

import cnnx.api.CnnxException;
import cnnx.api.Images;
import cnnx.api.Model;
import cnnx.api.Preprocessing;
import picocli.CommandLine.Option;

/** How images become an input tensor: the options shared by {@code classify} and {@code run}. */
final class ImageOptions {
  @Option(names = "--preprocess", paramLabel = "SPEC",
      description = "imagenet (mean 0.485,0.456,0.406, std 0.229,0.224,0.225), none (scale to [0,1] only), or"
          + " mean=A,B,C,std=D,E,F. Default: imagenet for RGB inputs, none for grey ones.")
  String preprocess;

  @Option(names = "--size", paramLabel = "HxW", description = "The crop the model takes. Default: the input's"
      + " declared height and width.")
  String size;

  @Option(names = "--resize", paramLabel = "S", description = "Resize the shorter side to S before the center crop."
      + " Default: 256/224 of the crop for imagenet (256 for 224), the crop otherwise.")
  Integer resize;

  @Option(names = "--layout", paramLabel = "LAYOUT", description = "nchw or nhwc. Default: where the model's input"
      + " has its 1 or 3 channels.")
  String layout;

  /** The preprocessing for one of the model's inputs. */
  Preprocessing forInput(Model model, String input) {
    Preprocessing.Layout l = layout == null ? null : switch (layout.toLowerCase(java.util.Locale.ROOT)) {
      case "nchw" -> Preprocessing.Layout.NCHW;
      case "nhwc" -> Preprocessing.Layout.NHWC;
      default -> throw new CnnxException(CnnxException.Kind.INVALID, "--layout takes nchw or nhwc, got '" + layout + "'");
    };
    String spec = preprocess;
    if (spec == null) {
      Preprocessing probe = Images.preprocessingFor(model, input, "none", parseSize(), l);
      spec = probe.channels() == 3 ? "imagenet" : "none";
    }
    Preprocessing p = Images.preprocessingFor(model, input, spec, parseSize(), l);
    if (resize != null) {
      if (resize < 1) {
        throw new CnnxException(CnnxException.Kind.INVALID, "--resize must be positive, got " + resize);
      }
      p = p.withResize(resize);
    }
    return p;
  }

  private int[] parseSize() {
    if (size == null) {
      return null;
    }
    String[] hw = size.toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (hw.length == 2) {
        int h = Integer.parseInt(hw[0].strip());
        int w = Integer.parseInt(hw[1].strip());
        if (h > 0 && w > 0) {
          return new int[] {h, w};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CnnxException(CnnxException.Kind.INVALID, "--size takes HxW with positive numbers, e.g. 224x224; got '"
        + size + "'");
  }
}
