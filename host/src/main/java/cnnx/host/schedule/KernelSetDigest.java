package cnnx.host.schedule;

import cnnx.host.device.CodeSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A digest of what decides a launch's speed on a device: the OpenCL C kernel sources and the code generator that
 * chooses and specialises them. Measured kernel-family figures are kept under it, so that a build whose kernels
 * changed measures them again instead of predicting from the old kernels' speed.
 */
final class KernelSetDigest {
  /** Package prefixes (as paths) whose files count. */
  private static final List<String> PARTS = List.of("cnnx/kernels/", "cnnx/compiler/codegen/");
  private static volatile String value;

  private KernelSetDigest() {}

  /** Twelve hex digits; "unknown" where the classes cannot be read as files (the figures are then shared). */
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
      for (Path root : CodeSources.roots(cnnx.compiler.codegen.CodeGenerator.class, cnnx.kernels.plan.Plan.class)) {
        if (Files.isDirectory(root)) {
          digestDirectory(md, root);
        } else {
          digestJar(md, root);
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException | URISyntaxException | IOException | SecurityException
        | NullPointerException | UncheckedIOException e) {
      return "unknown";
    }
  }

  private static void digestDirectory(MessageDigest md, Path root) throws IOException {
    for (String part : PARTS) {
      Path dir = root.resolve(part);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          md.update(root.relativize(f).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
          md.update(Files.readAllBytes(f));
        }
      }
    }
  }

  private static void digestJar(MessageDigest md, Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      List<JarEntry> entries = new ArrayList<>();
      for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
        JarEntry entry = e.nextElement();
        if (!entry.isDirectory() && PARTS.stream().anyMatch(entry.getName()::startsWith)) {
          entries.add(entry);
        }
      }
      entries.sort(java.util.Comparator.comparing(JarEntry::getName));
      for (JarEntry entry : entries) {
        md.update(entry.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (InputStream in = j.getInputStream(entry)) {
          md.update(in.readAllBytes());
        }
      }
    }
  }
}
