package cnnx.host.schedule;

import cnnx.boards.Target;
import cnnx.compiler.schedule.FamilyEfficiency;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Per-kernel-family efficiencies of live devices, measured once and kept on disk (one properties file per
 * target fingerprint and kernel set, beside the kernel cache), so that later plans reuse them. A family measured
 * later is merged into the file. Figures of other kernel sets for the same device (an older or newer build of
 * cnnx) are not used: their kernels ran at other speeds.
 */
public final class EfficiencyStore {
  private final Path directory;

  public EfficiencyStore(Path directory) {
    this.directory = directory.toAbsolutePath();
  }

  /** {@code $CNNX_KERNEL_CACHE/../efficiency}, else {@code ~/.cache/cnnx/efficiency}. */
  public static EfficiencyStore atDefaultLocation() {
    String kernels = System.getenv("CNNX_KERNEL_CACHE");
    Path base = kernels != null && !kernels.isBlank() ? Path.of(kernels).toAbsolutePath().normalize().getParent()
        : Path.of(System.getProperty("user.home"), ".cache", "cnnx");
    return new EfficiencyStore((base == null ? Path.of(".") : base).resolve("efficiency"));
  }

  public Path fileFor(Target t) {
    return directory.resolve(t.fingerprint() + "-k" + KernelSetDigest.current() + ".properties");
  }

  public Optional<FamilyEfficiency> get(Target t) {
    Path f = fileFor(t);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // unreadable: measured again
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      try {
        double v = Double.parseDouble(p.getProperty(k));
        // efficiencies are capped at 10; a weight (roofline seconds summed over the models measured) only grows
        if (v >= 0 && (v <= 10 || k.endsWith(FamilyEfficiency.WEIGHT)) || k.equals(FamilyEfficiency.VERSION)) {
          m.put(k, v);
        }
      } catch (NumberFormatException ignored) {
        // a damaged line: that family is measured again
      }
    }
    if (m.getOrDefault(FamilyEfficiency.VERSION, 0.0) != FamilyEfficiency.CURRENT_VERSION) {
      return Optional.empty(); // figures of an older form of the model: measured again
    }
    return Optional.of(new FamilyEfficiency(m, "measured, cached in " + f));
  }

  /** Adds these families' figures to the device's file (atomically replaced). */
  public synchronized FamilyEfficiency merge(Target t, Map<String, Double> measured) {
    Map<String, Double> all = new LinkedHashMap<>(get(t).map(FamilyEfficiency::byFamily).orElse(Map.of()));
    all.putAll(measured);
    Properties p = new Properties();
    all.forEach((k, v) -> p.setProperty(k, Double.toString(v)));
    Path f = fileFor(t);
    try {
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, "eff", ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "cnnx kernel-family efficiency (roofline bound / measured) for " + t.id() + " " + t.name());
      }
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      dropOtherKernelSets(t, f);
    } catch (IOException e) {
      // Not kept: the next plan measures again; the figures are still used now.
    }
    return new FamilyEfficiency(all, "measured, cached in " + f);
  }

  /** This device's figures for other kernel sets (and of the form without one) will not be read again. */
  private void dropOtherKernelSets(Target t, Path current) throws IOException {
    try (var files = Files.newDirectoryStream(directory, t.fingerprint() + "{.properties,-k*.properties}")) {
      for (Path other : files) {
        if (!other.equals(current)) {
          Files.deleteIfExists(other);
        }
      }
    }
  }
}
