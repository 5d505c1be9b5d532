package cnnx.host.cli;

import cnnx.api.CnnxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class names, one per line in class-index order (as torchvision's imagenet_classes.txt), or "class N". */
record Labels(List<String> names) {
  static Labels none() {
    return new Labels(List.of());
  }

  static Labels read(Path file) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
        lines.remove(lines.size() - 1);
      }
      if (lines.isEmpty()) {
        throw new CnnxException(CnnxException.Kind.INVALID, file + ": no labels (one class name per line)");
      }
      return new Labels(lines.stream().map(String::strip).toList());
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, file + ": cannot read labels (" + e.getMessage() + ")", e);
    }
  }

  /** Checks the file names as many classes as the model scores. */
  void checkCount(int classes, String file) {
    if (!names.isEmpty() && names.size() != classes) {
      throw new CnnxException(CnnxException.Kind.INVALID, file + " names " + names.size() + " classes; the model"
          + " scores " + classes);
    }
  }

  String of(int index) {
    return names.isEmpty() ? "class " + index : names.get(index);
  }
}
