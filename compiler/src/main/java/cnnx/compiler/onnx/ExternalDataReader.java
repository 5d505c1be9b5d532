package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.onnx.proto.OnnxProtos.StringStringEntryProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Reads tensor data stored beside a model. Contained: only regular files inside the model's own
 * folder, reached without symbolic links, with one hard link, and with the range inside the file.
 * Every check runs before the file is opened.
 */
public final class ExternalDataReader {
  private static final Set<String> KEYS = Set.of("location", "offset", "length", "checksum");

  private final Path folder;
  /** The files tensors were read from, for callers that key what they compute on the model's contents. */
  private final java.util.Set<Path> read = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public ExternalDataReader(Path modelFolder) {
    try {
      this.folder = modelFolder.toRealPath();
    } catch (IOException e) {
      throw new InvalidModelException("model folder " + modelFolder + " cannot be resolved: " + e.getMessage());
    }
  }

  /** The external files read so far. */
  public java.util.Set<Path> filesRead() {
    return java.util.Set.copyOf(read);
  }

  /** Reads exactly {@code expectedBytes} for the tensor, or fails naming the problem. */
  public byte[] read(TensorProto t, long expectedBytes, String what) {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      String key = e.getKey();
      if (!KEYS.contains(key)) {
        throw new InvalidModelException(what + ": unknown external_data key '" + key + "'");
      }
      switch (key) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = parseNonNegative(e.getValue(), "offset", what);
        case "length" -> length = parseNonNegative(e.getValue(), "length", what);
        default -> { }
      }
    }
    if (location == null || location.isEmpty()) {
      throw new InvalidModelException(what + ": external data without a location");
    }
    Path file = resolveInside(location, what);
    if (length >= 0 && length != expectedBytes) {
      throw new InvalidModelException(what + ": external data length " + length + " but the shape needs " + expectedBytes);
    }
    try {
      long size = Files.size(file);
      if (offset > size || expectedBytes > size - offset) {
        throw new InvalidModelException(what + ": external data range [" + offset + ", +" + expectedBytes
            + ") lies outside '" + location + "' of " + size + " bytes");
      }
      read.add(file);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(expectedBytes));
        long pos = offset;
        while (buf.hasRemaining()) {
          int n = ch.read(buf, pos);
          if (n < 0) {
            throw new InvalidModelException(what + ": external file '" + location + "' ended early");
          }
          pos += n;
        }
        return buf.array();
      }
    } catch (IOException e) {
      throw new InvalidModelException(what + ": cannot read external data '" + location + "': " + e.getMessage());
    }
  }

  private Path resolveInside(String location, String what) {
    if (location.indexOf('\0') >= 0 || location.contains("\\") || location.contains(":")
        || location.startsWith("/") || location.startsWith("~")) {
      throw new InvalidModelException(what + ": external data location '" + location + "' is not a plain relative path");
    }
    Path rel;
    try {
      rel = Path.of(location);
    } catch (RuntimeException e) {
      throw new InvalidModelException(what + ": external data location '" + location + "' is not a path");
    }
    if (rel.isAbsolute()) {
      throw new InvalidModelException(what + ": external data location '" + location + "' is absolute");
    }
    for (Path part : rel) {
      String p = part.toString();
      if (p.equals("..") || p.equals(".") || p.isEmpty()) {
        throw new InvalidModelException(what + ": external data location '" + location + "' leaves the model folder");
      }
    }
    Path file = folder.resolve(rel).normalize();
    if (!file.startsWith(folder)) {
      throw new InvalidModelException(what + ": external data location '" + location + "' leaves the model folder");
    }
    // No component may be a link: a link could point anywhere.
    Path walk = folder;
    for (Path part : rel) {
      walk = walk.resolve(part);
      if (Files.isSymbolicLink(walk)) {
        throw new InvalidModelException(what + ": external data location '" + location + "' goes through a symbolic link");
      }
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidModelException(what + ": external data file '" + location + "' does not exist in the model folder");
    }
    try {
      Object links = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      if (links instanceof Integer n && n > 1) {
        throw new InvalidModelException(what + ": external data file '" + location + "' has " + n + " hard links");
      }
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      // No unix attribute view: hard-link count not available on this file system.
    }
    return file;
  }

  private static long parseNonNegative(String v, String key, String what) {
    try {
      long x = Long.parseLong(v);
      if (x < 0) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new InvalidModelException(what + ": external data " + key + " '" + v + "' is not a non-negative integer");
    }
  }
}
