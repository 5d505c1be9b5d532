package cnnx.host.cl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Program binaries kept on disk so a program is compiled once per (source, options, device, driver)
 * rather than once per run. Entries are written atomically and checked on every read; a damaged,
 * foreign or unloadable entry is deleted and the program is built from source again.
 *
 * <p>Builds of the same key within one cache instance wait for each other, so only one compiles;
 * separate processes sharing the directory may both compile, and the last atomic rename wins.
 */
public final class KernelBinaryCache {
  /** Environment variable that moves the default cache directory. */
  public static final String DIRECTORY_ENV = "CNNX_KERNEL_CACHE";

  private static final System.Logger LOG = System.getLogger(KernelBinaryCache.class.getName());
  private static final String SUFFIX = ".clbin";
  private static final String DRIVER_SUFFIX = ".in-driver-cache";
  // Entries larger than this are garbage, not binaries: refuse to read them into memory.
  private static final long MAX_ENTRY_BYTES = 1L << 30;

  private final Path directory;
  private final boolean leaveToDriver;
  private final Map<String, ReentrantLock> keyLocks = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong corrupt = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();

  /** A cache that writes every program it builds. */
  public KernelBinaryCache(Path directory) {
    this(directory, false);
  }

  /**
   * @param leaveToDriver whether programs built on a device whose driver keeps its own compiled programs
   *     ({@link DriverProgramCache}) are left to that cache rather than written here; entries already here are
   *     still read
   */
  public KernelBinaryCache(Path directory, boolean leaveToDriver) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    this.leaveToDriver = leaveToDriver;
  }

  /**
   * A cache in {@code $CNNX_KERNEL_CACHE}, or else {@code ~/.cache/cnnx/kernels}, that leaves programs to a driver
   * which caches them itself.
   */
  public static KernelBinaryCache atDefaultLocation() {
    return new KernelBinaryCache(defaultDirectory(System.getenv(), System.getProperty("user.home")), true);
  }

  static Path defaultDirectory(Map<String, String> env, String userHome) {
    String override = env.get(DIRECTORY_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override.strip());
    }
    return Path.of(userHome, ".cache", "cnnx", "kernels");
  }

  public Path directory() {
    return directory;
  }

  /** Counters since this instance was created. */
  public record Stats(long hits, long misses, long corrupt, long rejected, long writeFailures) {
    @Override
    public String toString() {
      return "kernel cache: "
          + hits
          + " hits, "
          + misses
          + " misses, "
          + corrupt
          + " corrupt entries removed, "
          + rejected
          + " binaries rejected by the driver, "
          + writeFailures
          + " failed writes";
    }
  }

  public Stats stats() {
    return new Stats(hits.get(), misses.get(), corrupt.get(), rejected.get(), writeFailures.get());
  }

  /**
   * The program for {@code source} built with {@code options} on the context's device, from the
   * cached binary when a good one exists, else from source (and then cached, unless left to the driver). A source that does
   * not compile throws {@link DeviceException} with the build log and caches nothing.
   */
  public ClProgram build(ClContext context, String source, String options) {
    String opts = options == null ? "" : options;
    byte[] key = key(source, opts, context.device());
    String name = HexFormat.of().formatHex(key);
    Path entry = directory.resolve(name + SUFFIX);
    ReentrantLock lock = keyLocks.computeIfAbsent(name, k -> new ReentrantLock());
    lock.lock();
    try {
      byte[] binary = readEntry(entry, key);
      if (binary != null) {
        try {
          ClProgram program = context.buildProgramFromBinary(binary, opts);
          hits.incrementAndGet();
          LOG.log(Level.DEBUG, "kernel cache hit {0}", name);
          return program;
        } catch (DeviceException e) {
          rejected.incrementAndGet();
          LOG.log(
              Level.WARNING,
              "cached kernel binary {0} rejected, rebuilding: {1}",
              entry,
              e.getMessage());
          deleteQuietly(entry);
        }
      }
      misses.incrementAndGet();
      LOG.log(Level.DEBUG, "kernel cache miss {0}", name);
      ClProgram program = context.buildProgram(source, opts);
      if (defers(context.device())) {
        mark(directory.resolve(name + DRIVER_SUFFIX));
      } else {
        store(entry, key, program);
      }
      return program;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether this program was built before on this device and kept: as a binary here, or (marked here) in the
   * cache of a driver that keeps its own. Such a program is loaded, not compiled, so it costs no compiler
   * memory; a driver cache wiped since is not seen.
   */
  public boolean holds(String source, String options, DeviceInfo device) {
    Path entry = entryPath(source, options, device);
    String name = entry.getFileName().toString();
    return Files.exists(entry)
        || Files.exists(entry.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + DRIVER_SUFFIX));
  }

  /**
   * Whether a program built from source on {@code device} is written later, by {@link #keep}, rather than at
   * once: the driver keeps its own compiled programs, and asking it for a binary makes it compile every kernel
   * once more, which should not delay a first result.
   */
  public boolean defers(DeviceInfo device) {
    return leaveToDriver && DriverProgramCache.keepsOwn(device, System.getenv());
  }

  /** Writes the binary of a program {@link #build} left unwritten (see {@link #defers}), unless it is here now. */
  public void keep(ClProgram program, String source, String options) {
    String opts = options == null ? "" : options;
    byte[] key = key(source, opts, program.context().device());
    String name = HexFormat.of().formatHex(key);
    Path entry = directory.resolve(name + SUFFIX);
    ReentrantLock lock = keyLocks.computeIfAbsent(name, k -> new ReentrantLock());
    lock.lock();
    try {
      if (!Files.exists(entry)) {
        store(entry, key, program);
      }
    } finally {
      lock.unlock();
    }
  }

  /** An empty file that says the driver has compiled and kept this program; failures only count. */
  private void mark(Path marker) {
    try {
      Files.createDirectories(directory);
      if (!Files.exists(marker)) {
        Files.createFile(marker);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another process marked it first
    } catch (IOException e) {
      writeFailures.incrementAndGet();
      LOG.log(Level.WARNING, "cannot write kernel cache marker {0}: {1}", marker, e.toString());
    }
  }

  /** Where the entry for this source, options and device lives (whether or not it exists). */
  public Path entryPath(String source, String options, DeviceInfo device) {
    String name = HexFormat.of().formatHex(key(source, options == null ? "" : options, device));
    return directory.resolve(name + SUFFIX);
  }

  /** SHA-256 over everything that decides what binary the driver produces. */
  static byte[] key(String source, String options, DeviceInfo device) {
    MessageDigest digest = KernelCacheEntry.digest();
    for (String part :
        new String[] {
          "cnnx-kernel-cache/" + KernelCacheEntry.FORMAT,
          source,
          options,
          device.deviceName(),
          device.vendor(),
          device.driverVersion(),
          device.platformVersion(),
          device.openClVersion()
        }) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      // Length-prefixed so that moving text between fields changes the key.
      digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      digest.update(bytes);
    }
    return digest.digest();
  }

  /** The cached binary, or null when there is none or it is damaged (then it is removed). */
  private byte[] readEntry(Path entry, byte[] key) {
    byte[] file;
    try {
      if (Files.size(entry) > MAX_ENTRY_BYTES) {
        discard(entry, "larger than " + MAX_ENTRY_BYTES + " bytes");
        return null;
      }
      file = Files.readAllBytes(entry);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read kernel cache entry {0}: {1}", entry, e.toString());
      return null;
    }
    KernelCacheEntry.Read read = KernelCacheEntry.decode(file, key);
    if (!read.valid()) {
      discard(entry, read.problem());
      return null;
    }
    return read.binary();
  }

  private void discard(Path entry, String problem) {
    corrupt.incrementAndGet();
    LOG.log(Level.WARNING, "removing damaged kernel cache entry {0}: {1}", entry, problem);
    deleteQuietly(entry);
  }

  /** Writes the entry through a temporary file and an atomic rename; failures only count. */
  private void store(Path entry, byte[] key, ClProgram program) {
    Path temp = null;
    try {
      byte[] bytes = KernelCacheEntry.encode(key, program.binary());
      Files.createDirectories(directory);
      temp = Files.createTempFile(directory, entry.getFileName() + ".", ".tmp");
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        while (data.hasRemaining()) {
          out.write(data);
        }
        out.force(true);
      }
      Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException | DeviceException e) {
      writeFailures.incrementAndGet();
      LOG.log(Level.WARNING, "cannot write kernel cache entry {0}: {1}", entry, e.toString());
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot delete {0}: {1}", path, e.toString());
    }
  }
}
