package cnnx.host.device;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where classes were loaded from (a jar, or a class folder in a development tree), for digests of a build. */
public final class CodeSources {
  private CodeSources() {}

  /** The distinct jars or class folders of these classes, in order. */
  public static List<Path> roots(Class<?>... anchors) throws URISyntaxException {
    List<Path> roots = new ArrayList<>();
    for (Class<?> anchor : anchors) {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!roots.contains(root)) {
        roots.add(root);
      }
    }
    return roots;
  }
}
