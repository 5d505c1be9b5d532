package cnnx.host.cli;

import cnnx.api.CnnxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** The Fashion-MNIST test set as Debian's dataset-fashion-mnist installs it: gzipped IDX files. */
final class FashionMnist {
  /** Where dataset-fashion-mnist puts it (tools/install-datasets.sh installs it when it can). */
  static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
  static final String IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String LABELS = "t10k-labels-idx1-ubyte.gz";

  private FashionMnist() {}

  /** The test set in {@code dir}, or empty when its files are not there. */
  static Optional<DemoImages> find(Path dir) {
    if (!Files.isRegularFile(dir.resolve(IMAGES)) || !Files.isRegularFile(dir.resolve(LABELS))) {
      return Optional.empty();
    }
    return Optional.of(load(dir));
  }

  static DemoImages load(Path dir) {
    ByteBuffer images = ByteBuffer.wrap(gunzip(dir.resolve(IMAGES)));
    ByteBuffer labels = ByteBuffer.wrap(gunzip(dir.resolve(LABELS)));
    // IDX: a big-endian magic (0x803 for unsigned-byte images of rank 3, 0x801 for labels), then the dims
    if (images.remaining() < 16 || images.getInt() != 0x803 || labels.remaining() < 8 || labels.getInt() != 0x801) {
      throw new CnnxException(CnnxException.Kind.INVALID, dir + ": not Fashion-MNIST IDX files");
    }
    int count = images.getInt();
    int rows = images.getInt();
    int cols = images.getInt();
    if (rows != DemoImages.SIDE || cols != DemoImages.SIDE || labels.getInt() != count
        || images.remaining() != (long) count * rows * cols || labels.remaining() != count) {
      throw new CnnxException(CnnxException.Kind.INVALID, dir + ": IDX sizes do not agree (" + count + " images of "
          + rows + "x" + cols + ")");
    }
    byte[] pixels = new byte[count * rows * cols];
    images.get(pixels);
    byte[] classes = new byte[count];
    labels.get(classes);
    return DemoImages.of(classes, pixels);
  }

  private static byte[] gunzip(Path file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }
}
