package cnnx.host.cl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link Calibration} results kept on disk, one small text file per device (name, vendor, driver,
 * platform version, compute units), so a device is measured once rather than on every run. Files are
 * written atomically and end with the SHA-256 of what precedes them; a file that does not check out is
 * measured again and replaced.
 */
public final class CalibrationCache {
  private static final System.Logger LOG = System.getLogger(CalibrationCache.class.getName());
  private static final int FORMAT = 1;
  private static final String CHECKSUM = "sha256=";
  private static final long MAX_FILE_BYTES = 64 * 1024;

  private final Path directory;
  private final Function<ClContext, Calibration.Result> measure;

  public CalibrationCache(Path directory) {
    this(directory, Calibration::measure);
  }

  CalibrationCache(Path directory, Function<ClContext, Calibration.Result> measure) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    this.measure = measure;
  }

  /** Beside the kernel cache: {@code $CNNX_KERNEL_CACHE/../calibration}, else {@code ~/.cache/cnnx/calibration}. */
  public static CalibrationCache atDefaultLocation() {
    return new CalibrationCache(defaultDirectory(System.getenv(), System.getProperty("user.home")));
  }

  static Path defaultDirectory(Map<String, String> env, String userHome) {
    Path kernels = KernelBinaryCache.defaultDirectory(env, userHome).toAbsolutePath().normalize();
    return kernels.getParent() == null ? kernels.resolve("calibration") : kernels.resolveSibling("calibration");
  }

  public Path directory() {
    return directory;
  }

  /** The device's cached figures, or new ones measured on {@code ctx} and stored. */
  public Calibration.Result get(ClContext ctx) {
    return get(ctx.device(), () -> measure.apply(ctx));
  }

  synchronized Calibration.Result get(DeviceInfo device, Supplier<Calibration.Result> measurement) {
    Path file = entryPath(device);
    Calibration.Result cached = read(file, identity(device));
    if (cached != null) {
      return cached;
    }
    Calibration.Result fresh = measurement.get();
    store(file, identity(device), fresh);
    return fresh;
  }

  /** Where the figures for this device are kept. */
  public Path entryPath(DeviceInfo device) {
    StringBuilder key = new StringBuilder();
    identity(device).forEach((k, v) -> key.append(k).append('=').append(v).append('\n'));
    return directory.resolve(HexFormat.of().formatHex(sha256(key.toString())).substring(0, 32) + ".properties");
  }

  private static Map<String, String> identity(DeviceInfo d) {
    Map<String, String> id = new LinkedHashMap<>();
    id.put("format", String.valueOf(FORMAT));
    id.put("device", oneLine(d.deviceName()));
    id.put("vendor", oneLine(d.vendor()));
    id.put("driver", oneLine(d.driverVersion()));
    id.put("platform", oneLine(d.platformVersion()));
    id.put("computeUnits", String.valueOf(d.computeUnits()));
    return id;
  }

  /** The stored result, or null when there is none or it is damaged or belongs to another device. */
  private static Calibration.Result read(Path file, Map<String, String> identity) {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return damaged(file, "larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read calibration {0}: {1}", file, e.toString());
      return null;
    }
    int sum = text.lastIndexOf("\n" + CHECKSUM);
    if (sum < 0) {
      return damaged(file, "no checksum");
    }
    String body = text.substring(0, sum + 1);
    String stored = text.substring(sum + 1 + CHECKSUM.length()).strip();
    if (!stored.equals(HexFormat.of().formatHex(sha256(body)))) {
      return damaged(file, "checksum mismatch");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    for (Map.Entry<String, String> e : identity.entrySet()) {
      if (!e.getValue().equals(fields.get(e.getKey()))) {
        return damaged(file, "made for another device or format (" + e.getKey() + ")");
      }
    }
    try {
      double gflops = Double.parseDouble(fields.get("fp32Gflops"));
      double gbps = Double.parseDouble(fields.get("memoryGBps"));
      String method = fields.get("method");
      if (!(gflops > 0) || !(gbps > 0) || Double.isInfinite(gflops) || Double.isInfinite(gbps) || method == null) {
        return damaged(file, "figures missing or not positive");
      }
      return new Calibration.Result(gflops, gbps, method);
    } catch (NumberFormatException | NullPointerException e) {
      return damaged(file, "figures missing or unreadable");
    }
  }

  private static Calibration.Result damaged(Path file, String problem) {
    LOG.log(Level.WARNING, "ignoring calibration {0}: {1}; measuring again", file, problem);
    return null;
  }

  /** Temporary file, then an atomic rename; a failure only costs a measurement next time. */
  private void store(Path file, Map<String, String> identity, Calibration.Result r) {
    StringBuilder body = new StringBuilder("# cnnx device calibration\n");
    identity.forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
    body.append("fp32Gflops=").append(r.fp32Gflops()).append('\n');
    body.append("memoryGBps=").append(r.memoryGBps()).append('\n');
    body.append("method=").append(oneLine(r.method())).append('\n');
    String text = body + CHECKSUM + HexFormat.of().formatHex(sha256(body.toString())) + "\n";
    Path temp = null;
    try {
      Files.createDirectories(directory);
      temp = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot write calibration {0}: {1}", file, e.toString());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cannot delete {0}: {1}", temp, e.toString());
        }
      }
    }
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  private static byte[] sha256(String text) {
    MessageDigest md = KernelCacheEntry.digest();
    return md.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
