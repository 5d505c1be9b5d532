package cnnx.host.schedule;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.Tuning;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Tuning tables: per device, the kernel variant {@code cnnx tune} measured fastest for each layer key, kept beside
 * the kernel cache (one properties file per target fingerprint and kernel set, like the efficiency figures), and
 * applied whenever a model is compiled for that device. A table of other kernels (another build of cnnx) is not
 * read: its variants were measured on other code. {@code -Dcnnx.tuning=off} compiles with the built-in rules only.
 */
public final class TuningStore {
  /** The JVM's system property: {@code off} ignores every table. */
  public static final String PROPERTY = "cnnx.tuning";

  private final Path directory;

  public TuningStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** {@code $CNNX_KERNEL_CACHE/../tuning}, else {@code ~/.cache/cnnx/tuning}. */
  public static TuningStore atDefaultLocation() {
    String kernels = System.getenv("CNNX_KERNEL_CACHE");
    Path base = kernels != null && !kernels.isBlank() ? Path.of(kernels.strip()).toAbsolutePath().normalize().getParent()
        : Path.of(System.getProperty("user.home"), ".cache", "cnnx");
    return new TuningStore((base == null ? Path.of(".") : base).resolve("tuning"));
  }

  /** Whether {@link #PROPERTY} lets tables be used (anything but on or off is refused as invalid input). */
  public static boolean enabled() {
    String v = System.getProperty(PROPERTY, "on").strip();
    if (!v.equals("on") && !v.equals("off")) {
      throw new cnnx.compiler.error.InvalidModelException("-D" + PROPERTY + " takes on or off, not " + v);
    }
    return v.equals("on");
  }

  /**
   * {@code o} with the device's table when it has none of its own (a tuner's trial keeps its own), tables are
   * enabled and the device has one.
   */
  public static Compiler.Options applyTo(Target t, Compiler.Options o) {
    if (!o.tuning().isEmpty() || !enabled()) {
      return o;
    }
    TuningStore store = atDefaultLocation();
    if (!Files.isDirectory(store.directory)) {
      return o; // never tuned here: the kernel-set digest is not worth computing
    }
    Tuning table = store.get(t);
    return table.isEmpty() ? o : o.withTuning(table);
  }

  public Path directory() {
    return directory;
  }

  public Path fileFor(Target t) {
    return directory.resolve(t.fingerprint() + "-k" + KernelSetDigest.current() + ".properties");
  }

  /** The device's table; empty when it has none or it cannot be read. */
  public Tuning get(Target t) {
    Path f = fileFor(t);
    if (!Files.isRegularFile(f)) {
      return Tuning.NONE;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      return Tuning.NONE; // damaged: the built-in rules, until tuned again
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return Tuning.of(m);
  }

  /** Adds these choices to the device's table (atomically replaced); returns the file. */
  public synchronized Path merge(Target t, Map<String, String> choices) throws IOException {
    Map<String, String> all = new TreeMap<>(get(t).table());
    all.putAll(choices);
    Properties p = new Properties();
    all.forEach(p::setProperty);
    Path f = fileFor(t);
    Files.createDirectories(directory);
    Path tmp = Files.createTempFile(directory, "tuning", ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "cnnx tuning table: the measured fastest kernel variant per layer key on " + t.id() + " "
            + t.name());
      }
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return f;
  }

  /**
   * A digest of every table here (names, sizes, times), for keys of plans compiled with them; "none" where there
   * are none or tables are off.
   */
  public String digest() {
    if (!enabled() || !Files.isDirectory(directory)) {
      return "none";
    }
    try (Stream<Path> files = Files.list(directory)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path f : files.filter(x -> x.toString().endsWith(".properties")).sorted().toList()) {
        md.update((f.getFileName() + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (IOException | NoSuchAlgorithmException e) {
      return "unreadable";
    }
  }
}
