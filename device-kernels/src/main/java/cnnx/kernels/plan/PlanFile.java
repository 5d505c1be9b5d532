package cnnx.kernels.plan;

import cnnx.kernels.plan.PlanFileException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A compiled plan saved to disk, so that a model is compiled once and run many times.
 *
 * <p>Layout: the magic {@code CNNXPLAN}, the format version (int), the payload length (long), the SHA-256
 * of the payload (32 bytes), then the payload ({@link PlanEncoder}); all big-endian. {@code read} checks
 * each of them before it decodes anything, and the decoder never allocates more than the payload holds.
 * Every failure is a {@link PlanFileException} naming the file and the problem.
 */
public final class PlanFile {
  /** The format this build writes and the only one it reads (2: load-time launches, the checks waived). */
  public static final int VERSION = 2;

  static final byte[] MAGIC = "CNNXPLAN".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES + 32;

  private PlanFile() {}

  /** Writes the plan to {@code file} atomically: a reader sees the old file or the whole new one. */
  /** Whether a file starts with the plan magic (a regular file that can be read); never throws. */
  public static boolean looksLikePlan(Path file) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  public static void write(Plan plan, Path file) {
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        write(plan, Channels.newOutputStream(ch));
        ch.force(true); // on disk before the rename makes it visible
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new PlanFileException(Reason.IO, file.toString(), "cannot write the plan: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; that error is the one to report
        }
      }
    }
  }

  /** Writes header and payload to {@code out}; does not close it. */
  public static void write(Plan plan, OutputStream out) throws IOException {
    byte[] payload = PlanEncoder.encode(plan);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.put(MAGIC).putInt(VERSION).putLong(payload.length).put(sha256(payload));
    out.write(header.array());
    out.write(payload);
    out.flush();
  }

  /** Reads a plan file, checking magic, version, length and checksum before decoding. */
  public static Plan read(Path file) {
    String source = file.toString();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new PlanFileException(Reason.IO, source, "no such plan file");
    } catch (IOException e) {
      throw new PlanFileException(Reason.IO, source, "cannot read: " + e, e);
    }
    if (attrs.isDirectory()) {
      throw new PlanFileException(Reason.IO, source, "is a directory, not a plan file");
    }
    if (!attrs.isRegularFile()) {
      throw new PlanFileException(Reason.IO, source, "is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, attrs.size(), true, source);
    } catch (IOException e) {
      throw new PlanFileException(Reason.IO, source, "cannot read: " + e, e);
    }
  }

  /** Reads a whole plan file held in memory. */
  public static Plan read(byte[] bytes) {
    try {
      return read(new ByteArrayInputStream(bytes), bytes.length, true, "plan bytes");
    } catch (IOException e) {
      throw new IllegalStateException(e); // a ByteArrayInputStream does not fail
    }
  }

  /**
   * Reads one plan from a stream, refusing one whose header declares more than {@code sizeBound} bytes in
   * all. Reads no further than the plan's end.
   */
  public static Plan read(InputStream in, long sizeBound) {
    try {
      return read(in, sizeBound, false, "plan stream");
    } catch (IOException e) {
      throw new PlanFileException(Reason.IO, "plan stream", "cannot read: " + e, e);
    }
  }

  private static Plan read(InputStream in, long available, boolean exact, String source) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, 0, magic.length, MAGIC, 0, magic.length)) {
      throw new PlanFileException(Reason.NOT_A_PLAN, source, "not a cnnx plan file (no CNNXPLAN header)");
    }
    if (magic.length < MAGIC.length) {
      throw truncated(source, "ends inside the header");
    }
    byte[] rest = in.readNBytes(HEADER_BYTES - MAGIC.length);
    if (rest.length < HEADER_BYTES - MAGIC.length) {
      throw truncated(source, "ends inside the header");
    }
    ByteBuffer header = ByteBuffer.wrap(rest);
    int version = header.getInt();
    if (version != VERSION) {
      throw new PlanFileException(Reason.UNSUPPORTED_VERSION, source,
          "plan format version " + version + "; this build reads version " + VERSION + " (recompile the model)");
    }
    long length = header.getLong();
    byte[] checksum = new byte[32];
    header.get(checksum);
    long room = available - HEADER_BYTES;
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new PlanFileException(Reason.MALFORMED, source, "impossible payload length " + length);
    }
    if (length > room) {
      throw truncated(source, "header declares " + length + " payload bytes, only " + Math.max(room, 0) + " follow");
    }
    if (exact && length < room) {
      throw new PlanFileException(Reason.MALFORMED, source, (room - length) + " bytes after the declared payload");
    }
    // A file's size is known (and checked above): one array, read in place. From a stream, readNBytes grows its
    // buffer as bytes arrive, so a stream shorter than declared allocates no more than it holds.
    byte[] payload = exact ? readFully(in, (int) length) : in.readNBytes((int) length);
    if (payload.length < length) {
      throw truncated(source, "payload has " + payload.length + " of " + length + " bytes");
    }
    if (!MessageDigest.isEqual(checksum, sha256(payload))) {
      throw new PlanFileException(Reason.DAMAGED, source, "payload does not match its SHA-256 (damaged file)");
    }
    return PlanDecoder.decode(payload, source);
  }

  /** {@code length} bytes, or fewer where the stream ends first (the caller reports that as truncated). */
  private static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] b = new byte[length];
    int n = in.readNBytes(b, 0, length);
    return n == length ? b : Arrays.copyOf(b, n);
  }

  private static PlanFileException truncated(String source, String problem) {
    return new PlanFileException(Reason.TRUNCATED, source, "truncated: " + problem);
  }

  /** SHA-256 of a file's contents, hex: how a plan names the model it came from. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static byte[] sha256(byte[] bytes) {
    return digest().digest(bytes);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
