package cnnx.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/** Image files in and out (the JDK's ImageIO: PNG, JPEG, BMP, GIF), and an image model's preprocessing. */
public final class Images {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  private Images() {}

  /**
   * Whether the file is a PNG, JPEG or GIF by its first bytes, or a BMP by its first bytes and its name. Formats
   * with weaker signatures (BMP's two letters, WBMP's none) could match a TensorProto file, which must stay one.
   */
  public static boolean isImage(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return false;
      }
      var readers = ImageIO.getImageReaders(in);
      while (readers.hasNext()) {
        String format = readers.next().getFormatName().toLowerCase(Locale.ROOT);
        if (List.of("png", "jpeg", "gif").contains(format)
            || format.equals("bmp") && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bmp")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Decodes an image file; an unreadable or undecodable file is an INVALID failure naming it. */
  public static BufferedImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new CnnxException(CnnxException.Kind.INVALID, file + ": not an image this build can decode"
            + " (PNG, JPEG, BMP, GIF)");
      }
      return image;
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, file + ": cannot read image (" + e.getMessage() + ")", e);
    }
  }

  /** Writes a PNG. */
  public static void writePng(BufferedImage image, Path file) {
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new CnnxException(CnnxException.Kind.INVALID, "no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The image files named: files as given, folders by their image files (by extension, sorted by name, not
   * recursing). A missing path, or a folder with no images, is an INVALID failure.
   */
  public static List<Path> expand(List<Path> paths) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          List<Path> found = s.filter(f -> Files.isRegularFile(f) && EXTENSIONS.stream()
              .anyMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e))).sorted().toList();
          if (found.isEmpty()) {
            throw new CnnxException(CnnxException.Kind.INVALID, p + ": no image files (" + String.join(", ", EXTENSIONS)
                + ") in this folder");
          }
          out.addAll(found);
        } catch (IOException e) {
          throw new CnnxException(CnnxException.Kind.INVALID, p + ": cannot list (" + e.getMessage() + ")", e);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new CnnxException(CnnxException.Kind.INVALID, p + ": no such file or folder");
      }
    }
    return out;
  }

  /**
   * The preprocessing an image input of a model takes, from its declared shape: channels and layout from where a
   * dimension of 1 or 3 sits, the crop from the spatial dims ({@code size} overrides them and is required when
   * they are symbolic), normalisation from {@code spec} ({@link Preprocessing#parse}). Null arguments mean
   * "from the model".
   */
  public static Preprocessing preprocessingFor(Model model, String input, String spec, int[] size,
      Preprocessing.Layout layout) {
    int[] dims = model.inputDims(input);
    if (dims.length != 4) {
      throw new CnnxException(CnnxException.Kind.INVALID, "input '" + input + "' has " + dims.length
          + " dims; an image input has 4 (N x C x H x W or N x H x W x C)");
    }
    Preprocessing.Layout l = layout;
    if (l == null) {
      l = (dims[1] == 1 || dims[1] == 3) ? Preprocessing.Layout.NCHW
          : (dims[3] == 1 || dims[3] == 3) ? Preprocessing.Layout.NHWC : null;
      if (l == null) {
        throw new CnnxException(CnnxException.Kind.INVALID, "input '" + input + "' has no channel dim of 1 or 3;"
            + " pass --layout");
      }
    }
    int channels = l == Preprocessing.Layout.NCHW ? dims[1] : dims[3];
    if (channels != 1 && channels != 3) {
      throw new CnnxException(CnnxException.Kind.INVALID, "input '" + input + "' takes " + (channels < 0 ? "a symbolic"
          : String.valueOf(channels)) + " channel count in " + l + " layout; images give 1 or 3");
    }
    int h = size != null ? size[0] : l == Preprocessing.Layout.NCHW ? dims[2] : dims[1];
    int w = size != null ? size[1] : l == Preprocessing.Layout.NCHW ? dims[3] : dims[2];
    if (h < 1 || w < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "input '" + input + "' has symbolic height or width;"
          + " pass --size HxW");
    }
    return Preprocessing.parse(spec, h, w, channels, l);
  }
}
