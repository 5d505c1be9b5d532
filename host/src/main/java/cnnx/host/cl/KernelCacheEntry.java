package cnnx.host.cl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The on-disk form of one cached program binary: a header naming the key it belongs to and the
 * SHA-256 of the binary, then the binary. Anything that does not check out is rejected whole.
 *
 * <pre>
 * "CNNXKBIN" | int format | byte[32] key | long length | byte[32] sha256(binary) | binary
 * </pre>
 */
final class KernelCacheEntry {
  static final int FORMAT = 1;
  private static final byte[] MAGIC = "CNNXKBIN".getBytes(StandardCharsets.US_ASCII);
  private static final int DIGEST = 32;
  static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + DIGEST + Long.BYTES + DIGEST;

  private KernelCacheEntry() {}

  /** A decoded entry: the binary when it checked out, otherwise why not. */
  record Read(byte[] binary, String problem) {
    boolean valid() {
      return binary != null;
    }
  }

  static byte[] encode(byte[] key, byte[] binary) {
    if (key.length != DIGEST) {
      throw new IllegalArgumentException("cache keys are SHA-256 digests");
    }
    return ByteBuffer.allocate(HEADER_BYTES + binary.length)
        .put(MAGIC)
        .putInt(FORMAT)
        .put(key)
        .putLong(binary.length)
        .put(sha256(binary))
        .put(binary)
        .array();
  }

  static Read decode(byte[] file, byte[] expectedKey) {
    if (file.length < HEADER_BYTES) {
      return problem("truncated header (" + file.length + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(file);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      return problem("not a cnnx kernel cache entry");
    }
    int format = in.getInt();
    if (format != FORMAT) {
      return problem("format " + format + ", expected " + FORMAT);
    }
    byte[] key = new byte[DIGEST];
    in.get(key);
    if (!MessageDigest.isEqual(key, expectedKey)) {
      return problem("entry belongs to another key");
    }
    long length = in.getLong();
    if (length != file.length - HEADER_BYTES) {
      return problem(
          "binary length " + length + " but " + (file.length - HEADER_BYTES) + " bytes present");
    }
    byte[] checksum = new byte[DIGEST];
    in.get(checksum);
    byte[] binary = new byte[(int) length];
    in.get(binary);
    if (!MessageDigest.isEqual(checksum, sha256(binary))) {
      return problem("binary checksum mismatch");
    }
    return new Read(binary, null);
  }

  private static Read problem(String problem) {
    return new Read(null, problem);
  }

  static byte[] sha256(byte[] data) {
    return digest().digest(data);
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
