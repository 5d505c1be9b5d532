package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.DeviceInfo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import picocli.CommandLine.IVersionProvider;

/** {@code cnnx --version}: the build, the JDK running it, and the OpenCL platforms it finds. */
final class VersionInfo implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Attributes manifest = manifest();
    List<String> lines = new ArrayList<>();
    lines.add(manifest == null || manifest.getValue("Implementation-Version") == null
        ? "cnnx (development build: classes, not the packaged jar)"
        : "cnnx " + manifest.getValue("Implementation-Version") + " (built " + manifest.getValue("Build-Time") + ")");
    lines.add("JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
        + System.getProperty("java.home") + ")");
    Set<String> platforms = new LinkedHashSet<>();
    for (DeviceInfo d : Cnnx.devices()) {
      String platform = d.properties().get("platform");
      if (platform != null) {
        platforms.add(platform + ": " + d.id() + " " + d.name());
      }
    }
    platforms.forEach(x -> lines.add("OpenCL platform " + x));
    for (String why : Cnnx.unavailableDevices()) {
      lines.add("no " + why.replaceFirst(": ", " device: "));
    }
    return lines.toArray(String[]::new);
  }

  /** The main attributes of the jar this class came from, or null when it runs from a classes folder. */
  private static Attributes manifest() {
    try {
      Path where = Path.of(VersionInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(where)) {
        return null;
      }
      try (JarFile jar = new JarFile(where.toFile())) {
        return jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
