package cnnx.api;

import cnnx.host.device.CodeSources;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Which build of cnnx is running, for keys of what it computed ({@link PlanCache}): each place cnnx's classes come
 * from, a jar by its path, size and time, a class folder (tests, a development tree) by every file's name, size and
 * time under {@code cnnx/}. Any rebuild changes it; reading nothing gives a fresh value per process, so nothing is
 * reused.
 */
final class BuildIdentity {
  private static volatile String value;

  private BuildIdentity() {}

  static String current() {
    String v = value;
    if (v == null) {
      v = compute();
      value = v;
    }
    return v;
  }

  private static String compute() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path root : CodeSources.roots(Cnnx.class, cnnx.compiler.Compiler.class, cnnx.kernels.plan.Plan.class,
          cnnx.boards.Target.class)) {
        if (Files.isDirectory(root)) {
          try (Stream<Path> files = Files.walk(root.resolve("cnnx"))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
              describe(md, f);
            }
          }
        } else {
          describe(md, root);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
      return "unknown-" + System.nanoTime() + "-" + ProcessHandle.current().pid();
    }
  }

  private static void describe(MessageDigest md, Path f) throws IOException {
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    md.update((f.toAbsolutePath() + " " + a.size() + " " + a.lastModifiedTime().toMillis())
        .getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
  }
}
