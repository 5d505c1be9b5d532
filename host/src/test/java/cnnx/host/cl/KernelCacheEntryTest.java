package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The entry format and the cache key, without any OpenCL device. */
class KernelCacheEntryTest {
  private static final DeviceInfo DEVICE = device("OpenCL 3.0 PoCL", "3.1");

  @Test
  void roundTrips() {
    byte[] key = KernelBinaryCache.key("src", "-DX=1", DEVICE);
    byte[] binary = randomBytes(1, 300);
    KernelCacheEntry.Read read = KernelCacheEntry.decode(KernelCacheEntry.encode(key, binary), key);
    assertArrayEquals(binary, read.binary());
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] key = KernelBinaryCache.key("src", "", DEVICE);
    byte[] file = KernelCacheEntry.encode(key, randomBytes(2, 40));
    for (int length = 0; length < file.length; length++) {
      assertFalse(
          KernelCacheEntry.decode(Arrays.copyOf(file, length), key).valid(), "length " + length);
    }
  }

  @Test
  void everyFlippedByteIsRejected() {
    byte[] key = KernelBinaryCache.key("src", "", DEVICE);
    byte[] file = KernelCacheEntry.encode(key, randomBytes(3, 40));
    for (int i = 0; i < file.length; i++) {
      byte[] damaged = file.clone();
      damaged[i] ^= 0x10;
      assertFalse(KernelCacheEntry.decode(damaged, key).valid(), "byte " + i);
    }
  }

  @Test
  void anEntryForAnotherKeyIsRejected() {
    byte[] mine = KernelBinaryCache.key("a", "", DEVICE);
    byte[] theirs = KernelBinaryCache.key("b", "", DEVICE);
    KernelCacheEntry.Read read =
        KernelCacheEntry.decode(KernelCacheEntry.encode(theirs, randomBytes(4, 10)), mine);
    assertEquals("entry belongs to another key", read.problem());
  }

  @Test
  void theKeyCoversSourceOptionsDeviceAndDriver() {
    byte[] base = KernelBinaryCache.key("src", "-DX=1", DEVICE);
    List<byte[]> variants =
        List.of(
            KernelBinaryCache.key("src ", "-DX=1", DEVICE),
            KernelBinaryCache.key("src", "-DX=2", DEVICE),
            // Moving text from one field to another must change the key too.
            KernelBinaryCache.key("src-DX=1", "", DEVICE),
            KernelBinaryCache.key("src", "-DX=1", device("OpenCL 3.0 PoCL", "3.2")),
            KernelBinaryCache.key("src", "-DX=1", device("OpenCL 3.1 PoCL", "3.1")));
    for (byte[] variant : variants) {
      assertNotEquals(Arrays.toString(base), Arrays.toString(variant));
    }
    assertArrayEquals(
        base, KernelBinaryCache.key("src", "-DX=1", device("OpenCL 3.0 PoCL", "3.1")));
  }

  @Test
  void defaultDirectoryHonoursTheEnvironment() {
    assertEquals(
        Path.of("/home/u/.cache/cnnx/kernels"),
        KernelBinaryCache.defaultDirectory(Map.of(), "/home/u"));
    assertEquals(
        Path.of("/tmp/k"),
        KernelBinaryCache.defaultDirectory(
            Map.of(KernelBinaryCache.DIRECTORY_ENV, "/tmp/k"), "/home/u"));
    assertEquals(
        Path.of("/home/u/.cache/cnnx/kernels"),
        KernelBinaryCache.defaultDirectory(
            Map.of(KernelBinaryCache.DIRECTORY_ENV, " "), "/home/u"));
  }

  static DeviceInfo device(String platformVersion, String driver) {
    return new DeviceInfo(
        0,
        0,
        0,
        "Portable Computing Language",
        platformVersion,
        "cpu",
        "pocl",
        driver,
        "OpenCL 3.0",
        ClDeviceType.CPU,
        2,
        1 << 30,
        1 << 16,
        1 << 28,
        4096,
        List.of(),
        16);
  }

  private static byte[] randomBytes(long seed, int n) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
