package cnnx.host.cli;

import cnnx.api.CnnxException;
import cnnx.api.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where {@code run} writes {@code output_N.pb}, so that files the user had are never lost: the
 * folder and every target are checked before anything runs (a file named as the folder, an
 * existing target without {@code --overwrite}, and any symbolic link — followed or not — are
 * refused); the outputs are written to temporary files in the folder and renamed into place only
 * once all of them are written, so a failure leaves every old file as it was.
 */
final class OutputFiles {
  private final Path dir;
  private final List<Path> targets;

  private OutputFiles(Path dir, List<Path> targets) {
    this.dir = dir;
    this.targets = List.copyOf(targets);
  }

  /** Checks the folder and the {@code count} targets; nothing is created yet. */
  static OutputFiles check(Path dir, int count, boolean overwrite) {
    if (Files.isSymbolicLink(dir)) {
      throw invalid("--output-dir " + dir + " is a symbolic link; name the folder itself");
    }
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw invalid("--output-dir " + dir + " is not a folder");
    }
    List<Path> targets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path p = dir.resolve("output_" + i + ".pb");
      if (Files.isSymbolicLink(p)) {
        throw invalid(p + " is a symbolic link; cnnx does not write through links (remove it first)");
      }
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          throw invalid(p + " exists and is not a regular file");
        }
        if (!overwrite) {
          throw invalid(p + " exists; pass --overwrite to replace it");
        }
      }
      targets.add(p);
    }
    return new OutputFiles(dir, targets);
  }

  List<Path> targets() {
    return targets;
  }

  /** Writes every output to a temporary file, then renames them all into place; on failure removes the temporaries. */
  void writeAll(Map<String, Tensor> outputs) throws IOException {
    Files.createDirectories(dir);
    List<Path> temps = new ArrayList<>();
    try {
      int i = 0;
      for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
        Path tmp = Files.createTempFile(dir, ".output_" + i + ".", ".pb.tmp");
        temps.add(tmp);
        e.getValue().write(tmp, e.getKey());
        i++;
      }
      // Checked again just before replacing: a link made while the model ran is not followed either.
      check(dir, targets.size(), true);
      for (int k = 0; k < temps.size(); k++) {
        Files.move(temps.get(k), targets.get(k), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  private static CnnxException invalid(String message) {
    return new CnnxException(CnnxException.Kind.INVALID, message);
  }
}
