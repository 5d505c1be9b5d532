package cnnx.api;

import cnnx.compiler.codegen.Winograd;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Plans compiled for an OpenCL device (by {@code cnnx run}, or a program that keeps them), kept for the next run of the same model on inputs of
 * the same shapes: that run loads the plan instead of parsing and compiling the model (a warm ResNet-18 run spent
 * about 0.35 s of its 0.87 s there). The key is a SHA-256 of everything the plan was made from: the model file (its
 * path, size and time; a hit is checked against the hash of its bytes that the plan records), each input file's stored name, element type and shape in order, the device named, cnnx's own build
 * ({@link BuildIdentity}) and the settings that change plans (the Winograd mode, newer opsets allowed, the devices' tuning tables). The device's
 * target is checked when the plan loads, as for any plan; a plan that does not load is dropped and the model
 * compiled again. Not cached: image inputs (preprocessing reads the model), runs with a fallback device or a
 * {@code --memory-limit}, models with integer inputs (their values may decide shapes, which a plan would then
 * hold) and models whose weights are in external data files (the key covers the model file only).
 *
 * <p>Location: {@code $CNNX_PLAN_CACHE} ({@code off} disables it), else beside the kernel cache
 * ({@code $CNNX_KERNEL_CACHE-plans}), else {@code ~/.cache/cnnx/plans}; the {@value #KEEP} most recently used plans
 * are kept. Every failure to read or write it is only a miss.
 */
public final class PlanCache {
  public static final String DIRECTORY_ENV = "CNNX_PLAN_CACHE";
  public static final int KEEP = 8;
  private static final String SUFFIX = ".cnnxplan";

  private final Path directory;

  private PlanCache(Path directory) {
    this.directory = directory;
  }

  /** At {@code $CNNX_PLAN_CACHE}, beside {@code $CNNX_KERNEL_CACHE}, or under {@code ~/.cache/cnnx}. */
  public static PlanCache atDefaultLocation() {
    return at(System.getenv(), System.getProperty("user.home"));
  }

  /** As {@link #atDefaultLocation()} for this environment and home folder. */
  public static PlanCache at(Map<String, String> env, String userHome) {
    String own = env.get(DIRECTORY_ENV);
    if (own != null && !own.isBlank()) {
      return new PlanCache(own.strip().equals("off") ? null : Path.of(own.strip()));
    }
    String kernels = env.get("CNNX_KERNEL_CACHE");
    if (kernels != null && !kernels.isBlank()) {
      Path k = Path.of(kernels.strip()).toAbsolutePath().normalize();
      return new PlanCache(k.resolveSibling(k.getFileName() + "-plans"));
    }
    return new PlanCache(Path.of(userHome, ".cache", "cnnx", "plans"));
  }

  /** False when the environment turned it off. */
  public boolean enabled() {
    return directory != null;
  }

  /** The key of a run of {@code model} on these tensor files and device, or empty when such a run is not cached. */
  public Optional<String> key(Path model, List<Path> inputs, String device, boolean allowNewer) {
    if (directory == null || device == null || !device.strip().startsWith("opencl")) {
      return Optional.empty();
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      text(md, "cnnx plan cache 1");
      text(md, BuildIdentity.current());
      text(md, device.strip());
      text(md, "allow-newer=" + allowNewer);
      text(md, "winograd=" + System.getProperty(Winograd.PROPERTY, "auto"));
      text(md, "prefetch=" + System.getProperty(cnnx.compiler.codegen.spatial.WeightPrefetch.PROPERTY, "on"));
      text(md, "separable=" + System.getProperty(cnnx.compiler.codegen.spatial.SeparableConv.PROPERTY, "on"));
      text(md, "tuning=" + cnnx.host.schedule.TuningStore.atDefaultLocation().digest());
      // the file by where it is and when it changed; its contents are checked against the plan's record on a hit
      BasicFileAttributes a = Files.readAttributes(model, BasicFileAttributes.class);
      text(md, model.toAbsolutePath().normalize() + " " + a.size() + " " + a.lastModifiedTime().toMillis());
      for (Path f : inputs) {
        if (!Files.isRegularFile(f) || Files.size(f) > (1L << 30)) {
          return Optional.empty();
        }
        TensorProto t = TensorProto.parseFrom(Files.readAllBytes(f));
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
          return Optional.empty(); // an integer input's values may decide shapes
        }
        text(md, "input " + t.getName() + " " + t.getDimsList());
      }
      return Optional.of(HexFormat.of().formatHex(md.digest()).substring(0, 40));
    } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
      return Optional.empty(); // the run reads these files itself and reports what is wrong with them
    }
  }

  /**
   * The plan kept under {@code key}, marked as just used; empty when there is none, it does not read, or it was
   * compiled from other contents than {@code model}'s now (hashed on another core while the plan loads).
   */
  public Optional<CompiledModel> find(String key, Path model) {
    Path f = directory.resolve(key + SUFFIX);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    CompletableFuture<String> hash = CompletableFuture.supplyAsync(() -> sha256(model));
    try {
      CompiledModel c = Cnnx.loadPlan(f);
      if (!c.modelHash().equals(Optional.of(hash.join()))) {
        forget(key);
        return Optional.empty();
      }
      touch(f);
      return Optional.of(c);
    } catch (CnnxException | java.util.concurrent.CompletionException e) {
      forget(key);
      return Optional.empty();
    }
  }

  /** Marks a plan as just used, for pruning; a cache the user cannot write is still read. */
  private static void touch(Path f) {
    try {
      Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException | SecurityException e) {
      // kept as it is: pruning may take it earlier
    }
  }

  /** As the model's {@link Model#hash()}: SHA-256 of the file's bytes, lower-case hex. */
  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new java.io.UncheckedIOException(new IOException("cannot hash " + file, e));
    }
  }

  /** Keeps a compiled model's plan under {@code key} (written aside, then moved into place), then prunes. */
  public void store(String key, CompiledModel compiled) {
    try {
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, key, ".tmp");
      try {
        compiled.save(tmp);
        Files.move(tmp, directory.resolve(key + SUFFIX), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      prune();
    } catch (IOException | CnnxException | SecurityException e) {
      // a cache: the next run compiles again
    }
  }

  /** Drops what is kept under {@code key}. */
  public void forget(String key) {
    try {
      Files.deleteIfExists(directory.resolve(key + SUFFIX));
    } catch (IOException e) {
      // gone or not ours to delete: the next find misses either way
    }
  }

  private void prune() throws IOException {
    List<Path> plans;
    try (Stream<Path> s = Files.list(directory)) {
      plans = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted(
          Comparator.comparing(PlanCache::modified).reversed()).toList();
    }
    for (Path p : plans.subList(Math.min(KEEP, plans.size()), plans.size())) {
      Files.deleteIfExists(p);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static void text(MessageDigest md, String s) {
    md.update(s.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
  }
}
