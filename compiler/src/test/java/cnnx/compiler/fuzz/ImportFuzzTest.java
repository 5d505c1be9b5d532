package cnnx.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.ModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.PassManager;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for untrusted model bytes: load; load and type; load and compile to a plan. Without JAZZER_FUZZ set (CI) each target replays its
 * committed corpus under src/test/resources/cnnx/compiler/fuzz/ImportFuzzTestInputs/ as a
 * regression test; with JAZZER_FUZZ=1 it fuzzes (see docs/fuzzing.md). Either the model loads
 * and types, or a {@link ModelException} comes out: any other throwable is a finding, and so is an
 * input that makes cnnx allocate 64 MiB ({@link AllocationBound}: counted work, not wall-clock time).
 * The timeout of a minute only ends a hang; it is no speed bound.
 */
class ImportFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard (Jazzer hands it to libFuzzer), not a speed bound
  void rawBytes(byte[] data) {
    AllocationBound.within("loading", () -> {
      try {
        Graph g = new OnnxImporter().load(data, "fuzz.onnx");
        assertTrue(g.outputs().size() > 0);
      } catch (ModelException expected) {
        // the one acceptable failure
      }
    });
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void loadAndInfer(byte[] data) {
    AllocationBound.within("loading and typing", () -> {
      try {
        Graph g = new OnnxImporter().load(data, "fuzz.onnx");
        new PassManager(PassManager.frontEnd(), true, null).run(g);
      } catch (ModelException expected) {
        // the one acceptable failure
      }
    });
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void loadAndCompile(byte[] data) {
    AllocationBound.within("loading and compiling", () -> {
      try {
        Graph g = new OnnxImporter().load(data, "fuzz.onnx");
        new Compiler().compile(g, Compiler.Options.defaults().withBatch(1).withVerifyIr(true));
      } catch (ModelException expected) {
        // the one acceptable failure
      }
    });
  }
}
