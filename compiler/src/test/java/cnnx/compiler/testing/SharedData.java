package cnnx.compiler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates ../shared (ONNX conformance cases and real-weight models) for tests. */
public final class SharedData {
  private SharedData() {}

  /** The shared folder: -Dcnnx.shared, else ../shared or ../../shared from the working dir. */
  public static Path root() {
    String prop = System.getProperty("cnnx.shared");
    if (prop != null && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    for (String p : List.of("../shared", "../../shared")) {
      if (Files.isDirectory(Path.of(p))) {
        return Path.of(p).toAbsolutePath().normalize();
      }
    }
    return null;
  }

  /** Why shared cases cannot run here, for skip messages. */
  public static String absentReason() {
    return "../shared (ONNX conformance data and models) is not beside this checkout; "
        + "set -Dcnnx.shared=DIR to run these cases";
  }

  /** Every case folder (holding model.onnx) directly under each of the given subfolders. */
  public static List<Path> cases(String... subfolders) {
    Path root = root();
    List<Path> cases = new ArrayList<>();
    if (root == null) {
      return cases;
    }
    for (String sub : subfolders) {
      Path dir = root.resolve(sub);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().forEach(cases::add);
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + dir, e);
      }
    }
    return cases;
  }
}
