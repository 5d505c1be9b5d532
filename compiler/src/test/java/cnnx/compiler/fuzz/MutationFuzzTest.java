package cnnx.compiler.fuzz;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.ModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.PassManager;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The short bounded fuzz CI runs: seeded byte mutations of a valid conv model (flips, overwrites,
 * insertions, deletions, truncations), each loaded, typed and compiled to a plan. Every input ends in success or a
 * {@link ModelException}, allocating under 64 MiB (counted, not timed). Coverage-guided fuzzing is
 * {@link ImportFuzzTest}.
 */
class MutationFuzzTest {
  private static final int CASES = Integer.getInteger("cnnx.fuzz.mutations", 5000);

  static byte[] seedModel() {
    SplittableRandom r = new SplittableRandom(1);
    return new OnnxModelBuilder().input("x", -1L, 3L, 8L, 8L)
        .initializer("w", RandomTensors.normal(r, 4, 3, 3, 3).floats(), 4, 3, 3, 3)
        .initializer("b", new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 4)
        .node("Conv", names("x", "w", "b"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c"), names("r"))
        .node("MaxPool", names("r"), names("p"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .node("Flatten", names("p"), names("y"))
        .output("y").toBytes();
  }

  /** The seed model compiles in a few MiB; a mutant may not make cnnx allocate 64 MiB. */
  private static final long MAX_BYTES_PER_MUTANT = 64L << 20;

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void mutatedModelsLoadOrFailTyped() {
    byte[] seed = seedModel();
    SplittableRandom r = new SplittableRandom(2026);
    int loaded = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] m = mutate(seed, r);
      long before = allocated();
      try {
        Graph g = new OnnxImporter().load(m, "mutant.onnx");
        new PassManager(PassManager.frontEnd(), true, null).run(g);
        // and all the way to an OpenCL plan (no device needed to compile)
        new Compiler().compile(g, Compiler.Options.defaults().withBatch(1).withVerifyIr(true));
        loaded++;
      } catch (ModelException expected) {
        // typed failure: fine
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        fail("mutant " + i + " escaped as " + e + "; bytes " + Arrays.toString(m), e);
      }
      // Work is bounded by what a mutant makes cnnx allocate, counted per thread: a size bomb or a
      // runaway pass shows here on any machine, however fast or loaded.
      long bytes = allocated() - before;
      assertTrue(bytes < MAX_BYTES_PER_MUTANT, "mutant " + i + " allocated " + bytes + " bytes");
    }
    System.out.printf("mutation fuzz: %d mutants, %d loaded, the rest rejected with typed errors%n", CASES, loaded);
  }

  private static byte[] mutate(byte[] seed, SplittableRandom r) {
    byte[] m = seed.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int pos = r.nextInt(m.length);
      switch (r.nextInt(5)) {
        case 0 -> m[pos] ^= (byte) (1 << r.nextInt(8));
        case 1 -> m[pos] = (byte) r.nextInt(256);
        case 2 -> {
          byte[] n = new byte[m.length + 1];
          System.arraycopy(m, 0, n, 0, pos);
          n[pos] = (byte) r.nextInt(256);
          System.arraycopy(m, pos, n, pos + 1, m.length - pos);
          m = n;
        }
        case 3 -> {
          if (m.length > 1) {
            byte[] n = new byte[m.length - 1];
            System.arraycopy(m, 0, n, 0, pos);
            System.arraycopy(m, pos + 1, n, pos, m.length - pos - 1);
            m = n;
          }
        }
        default -> m = Arrays.copyOf(m, Math.max(1, pos));
      }
    }
    return m;
  }
}
