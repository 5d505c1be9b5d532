package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The binary cache on a real device: hits, damaged entries, concurrent builders. */
class KernelBinaryCacheTest {
  private static final int N = 517;
  private static ClContext context;

  @TempDir Path dir;

  @BeforeAll
  static void open() {
    context = ClContext.open(OpenClTestDevice.require());
  }

  @AfterAll
  static void close() {
    if (context != null) {
      context.close();
    }
  }

  private String source() {
    // A per-test source keeps PoCL's own cache from hiding anything between tests.
    return OpenClTestDevice.VECTOR_ADD + "// " + dir + "\n";
  }

  @Test
  void aDriverThatCachesProgramsItselfGetsTheBinaryWrittenLaterWhileEntriesHereAreStillRead() throws IOException {
    KernelBinaryCache writer = new KernelBinaryCache(dir);
    KernelBinaryCache leaving = new KernelBinaryCache(dir, true);
    boolean driverCaches = DriverProgramCache.keepsOwn(context.device(), System.getenv());
    float[] fromSource;
    try (ClProgram program = leaving.build(context, source(), "")) {
      assertEquals(ClProgram.Origin.SOURCE, program.origin());
      fromSource = OpenClTestDevice.runVectorAdd(program, N);
    }
    Path entry = leaving.entryPath(source(), "", context.device());
    assertEquals(!driverCaches, Files.isRegularFile(entry), "written only when the driver keeps no cache of its own");
    assertTrue(leaving.holds(source(), "", context.device()), "kept, here or (marked here) in the driver's cache");
    assertEquals(driverCaches, leaving.defers(context.device()));
    // Written when the caller is done with it; then it is a hit.
    try (ClProgram again = leaving.build(context, source(), "")) {
      leaving.keep(again, source(), "");
    }
    assertTrue(Files.isRegularFile(entry), "written by keep");
    try (ClProgram hit = writer.build(context, source(), "")) {
      assertEquals(ClProgram.Origin.BINARY, hit.origin());
      assertArrayEquals(fromSource, OpenClTestDevice.runVectorAdd(hit, N));
    }
    assertEquals(false, leaving.holds(source(), "-DNEVER_BUILT", context.device()));
    // An entry written by another cache is still a hit, with the same results.
    try (ClProgram ignored = writer.build(context, source(), "-DOTHER")) {
      assertTrue(Files.isRegularFile(writer.entryPath(source(), "-DOTHER", context.device())));
    }
    try (ClProgram hit = leaving.build(context, source(), "-DOTHER")) {
      assertEquals(ClProgram.Origin.BINARY, hit.origin());
      assertArrayEquals(fromSource, OpenClTestDevice.runVectorAdd(hit, N));
    }
    assertArrayEquals(OpenClTestDevice.expectedVectorAdd(N), fromSource);
  }

  @Test
  void poclIsTheDriverThatKeepsItsOwnCacheUnlessItIsTurnedOff() {
    DeviceInfo pocl = context.device();
    boolean isPocl = pocl.platformName().contains(DriverProgramCache.POCL_PLATFORM);
    assertEquals(isPocl, DriverProgramCache.keepsOwn(pocl, Map.of()));
    assertEquals(isPocl, DriverProgramCache.keepsOwn(pocl, Map.of("POCL_KERNEL_CACHE", "1")));
    assertEquals(false, DriverProgramCache.keepsOwn(pocl, Map.of("POCL_KERNEL_CACHE", "0")));
  }

  @Test
  void secondBuildIsAHitWithIdenticalResults() throws IOException {
    KernelBinaryCache cache = new KernelBinaryCache(dir);
    float[] first;
    try (ClProgram program = cache.build(context, source(), "-cl-fast-relaxed-math")) {
      assertEquals(ClProgram.Origin.SOURCE, program.origin());
      first = OpenClTestDevice.runVectorAdd(program, N);
    }
    assertEquals(new KernelBinaryCache.Stats(0, 1, 0, 0, 0), cache.stats());
    Path entry = cache.entryPath(source(), "-cl-fast-relaxed-math", context.device());
    assertTrue(Files.isRegularFile(entry), "entry written");
    assertTrue(Files.size(entry) > KernelCacheEntry.HEADER_BYTES);

    try (ClProgram program = cache.build(context, source(), "-cl-fast-relaxed-math")) {
      assertEquals(ClProgram.Origin.BINARY, program.origin());
      assertArrayEquals(first, OpenClTestDevice.runVectorAdd(program, N));
    }
    assertEquals(new KernelBinaryCache.Stats(1, 1, 0, 0, 0), cache.stats());
    assertArrayEquals(OpenClTestDevice.expectedVectorAdd(N), first);

    // A new instance (as in the next run of the program) finds it too; other options do not.
    KernelBinaryCache later = new KernelBinaryCache(dir);
    try (ClProgram hit = later.build(context, source(), "-cl-fast-relaxed-math");
        ClProgram miss = later.build(context, source(), "")) {
      assertEquals(ClProgram.Origin.BINARY, hit.origin());
      assertEquals(ClProgram.Origin.SOURCE, miss.origin());
    }
    assertEquals(1, later.stats().hits());
    assertEquals(1, later.stats().misses());
    assertEquals(List.of(), leftovers(".tmp"));
  }

  static Stream<Arguments> damages() {
    UnaryOperator<byte[]> truncate = b -> Arrays.copyOf(b, b.length / 2);
    UnaryOperator<byte[]> flipBinaryByte =
        b -> {
          byte[] d = b.clone();
          d[d.length - 7] ^= 1;
          return d;
        };
    UnaryOperator<byte[]> flipKeyByte =
        b -> {
          byte[] d = b.clone();
          d[20] ^= 1;
          return d;
        };
    UnaryOperator<byte[]> garbage = b -> "not a kernel".getBytes(StandardCharsets.UTF_8);
    UnaryOperator<byte[]> empty = b -> new byte[0];
    return Stream.of(
        Arguments.of("truncated", truncate),
        Arguments.of("binary byte flipped", flipBinaryByte),
        Arguments.of("key byte flipped", flipKeyByte),
        Arguments.of("garbage", garbage),
        Arguments.of("empty", empty));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void damagedEntryIsRemovedAndRebuilt(String name, UnaryOperator<byte[]> damage)
      throws IOException {
    KernelBinaryCache cache = new KernelBinaryCache(dir);
    cache.build(context, source(), "").close();
    Path entry = cache.entryPath(source(), "", context.device());
    byte[] good = Files.readAllBytes(entry);
    Files.write(entry, damage.apply(good));

    try (ClProgram program = cache.build(context, source(), "")) {
      assertEquals(ClProgram.Origin.SOURCE, program.origin());
      assertArrayEquals(
          OpenClTestDevice.expectedVectorAdd(N), OpenClTestDevice.runVectorAdd(program, N));
    }
    assertEquals(new KernelBinaryCache.Stats(0, 2, 1, 0, 0), cache.stats());
    // The rebuild wrote a good entry back.
    try (ClProgram program = cache.build(context, source(), "")) {
      assertEquals(ClProgram.Origin.BINARY, program.origin());
    }
  }

  @Test
  void anotherKeysEntryUnderThisNameIsRejected() throws IOException {
    KernelBinaryCache cache = new KernelBinaryCache(dir);
    cache.build(context, source(), "-DA=1").close();
    cache.build(context, source(), "-DA=2").close();
    Path one = cache.entryPath(source(), "-DA=1", context.device());
    Path two = cache.entryPath(source(), "-DA=2", context.device());
    Files.copy(two, one, StandardCopyOption.REPLACE_EXISTING);
    try (ClProgram program = cache.build(context, source(), "-DA=1")) {
      assertEquals(ClProgram.Origin.SOURCE, program.origin());
    }
    assertEquals(1, cache.stats().corrupt());
  }

  @Test
  void wellFormedEntryTheDriverRejectsFallsBackToSource() throws IOException {
    KernelBinaryCache cache = new KernelBinaryCache(dir);
    byte[] key = KernelBinaryCache.key(source(), "", context.device());
    byte[] junk =
        "this is no PoCL binary, though its checksum is right".getBytes(StandardCharsets.UTF_8);
    Files.write(
        cache.entryPath(source(), "", context.device()), KernelCacheEntry.encode(key, junk));

    var before = LiveObjects.snapshot();
    try (ClProgram program = cache.build(context, source(), "")) {
      assertEquals(ClProgram.Origin.SOURCE, program.origin());
      assertArrayEquals(
          OpenClTestDevice.expectedVectorAdd(N), OpenClTestDevice.runVectorAdd(program, N));
    }
    assertEquals(Map.of(), LiveObjects.snapshot().since(before), "rejected binary leaked");
    assertEquals(new KernelBinaryCache.Stats(0, 1, 0, 1, 0), cache.stats());
  }

  @Test
  void failedBuildCachesNothing() throws IOException {
    KernelBinaryCache cache = new KernelBinaryCache(dir);
    String broken = "__kernel void k(__global float* x) { x[0] = nope; }\n// " + dir;
    DeviceException e = assertThrows(DeviceException.class, () -> cache.build(context, broken, ""));
    assertTrue(e.buildLog().orElseThrow().contains("nope"));
    assertEquals(List.of(), leftovers(""));
  }

  @Test
  void unwritableDirectoryStillBuilds() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    KernelBinaryCache cache = new KernelBinaryCache(notADirectory);
    try (ClProgram program = cache.build(context, source(), "")) {
      assertArrayEquals(
          OpenClTestDevice.expectedVectorAdd(N), OpenClTestDevice.runVectorAdd(program, N));
    }
    assertEquals(new KernelBinaryCache.Stats(0, 1, 0, 0, 1), cache.stats());
  }

  @Test
  void concurrentBuildsInOneCacheCompileOnce() throws Exception {
    KernelBinaryCache cache = new KernelBinaryCache(dir);
    List<float[]> results = buildConcurrently(List.of(cache, cache, cache, cache));
    assertEquals(1, cache.stats().misses());
    assertEquals(3, cache.stats().hits());
    for (float[] result : results) {
      assertArrayEquals(OpenClTestDevice.expectedVectorAdd(N), result);
    }
    assertEquals(1, leftovers(".clbin").size());
    assertEquals(List.of(), leftovers(".tmp"));
  }

  @Test
  void concurrentBuildsFromSeparateCachesAreSafe() throws Exception {
    // Separate instances share nothing but the directory, like separate processes.
    List<KernelBinaryCache> caches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      caches.add(new KernelBinaryCache(dir));
    }
    List<float[]> results = buildConcurrently(caches);
    for (float[] result : results) {
      assertArrayEquals(OpenClTestDevice.expectedVectorAdd(N), result);
    }
    long misses = caches.stream().mapToLong(c -> c.stats().misses()).sum();
    long hits = caches.stream().mapToLong(c -> c.stats().hits()).sum();
    assertEquals(4, misses + hits);
    assertEquals(
        0, caches.stream().mapToLong(c -> c.stats().corrupt() + c.stats().writeFailures()).sum());
    assertEquals(1, leftovers(".clbin").size());
    assertEquals(List.of(), leftovers(".tmp"));
    KernelBinaryCache after = new KernelBinaryCache(dir);
    try (ClProgram program = after.build(context, source(), "")) {
      assertEquals(ClProgram.Origin.BINARY, program.origin());
    }
  }

  /**
   * Builds in all caches at once, then runs each program in turn: the builds are what is shared, and one launch
   * at a time is how a context is used (a driver compiling a work-group function at a first launch while another
   * thread builds is a driver's thread safety, not this cache's).
   */
  private List<float[]> buildConcurrently(List<KernelBinaryCache> caches) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(caches.size());
    List<ClProgram> programs = new ArrayList<>();
    try {
      List<Callable<ClProgram>> tasks = new ArrayList<>();
      for (KernelBinaryCache cache : caches) {
        tasks.add(() -> cache.build(context, source(), ""));
      }
      // A bounded wait: a driver that deadlocks fails the test instead of stalling the suite.
      for (Future<ClProgram> future : pool.invokeAll(tasks, 120, TimeUnit.SECONDS)) {
        programs.add(future.get());
      }
      List<float[]> results = new ArrayList<>();
      for (ClProgram program : programs) {
        results.add(OpenClTestDevice.runVectorAdd(program, N));
      }
      return results;
    } finally {
      pool.shutdown();
      programs.forEach(ClProgram::close);
    }
  }

  private List<Path> leftovers(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }
}
