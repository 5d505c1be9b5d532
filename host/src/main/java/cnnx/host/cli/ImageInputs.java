package cnnx.host.cli;

import cnnx.api.CnnxException;
import cnnx.api.Images;
import cnnx.api.Model;
import cnnx.api.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cnnx run}'s inputs when some are images: image files (recognised by their contents) become the input at
 * their position through the model's image preprocessing; tensor files are read as TensorProto.
 */
final class ImageInputs {
  private ImageInputs() {}

  static boolean any(List<Path> files) {
    return files.stream().anyMatch(Images::isImage);
  }

  /** The feeds, in the model's input order. */
  static Map<String, Tensor> read(Model model, List<Path> files, ImageOptions options) {
    if (files.size() != model.inputs().size()) {
      throw new CnnxException(CnnxException.Kind.INVALID, "the model takes " + model.inputs().size() + " inputs, "
          + files.size() + " files were given");
    }
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String name = model.inputs().get(i).name();
      Path f = files.get(i);
      feeds.put(name, Images.isImage(f) ? Tensor.fromImage(Images.read(f), options.forInput(model, name))
          : Tensor.read(f));
    }
    return feeds;
  }
}
