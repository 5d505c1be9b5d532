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
 * and types, or a {@link ModelException} comes out: any other throwable is a finding.
 */
class ImportFuzzTest {
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 1, unit = TimeUnit.SECONDS) // no input may take a second; Jazzer passes it to libFuzzer
  void rawBytes(byte[] data) {
    try {
      Graph g = new OnnxImporter().load(data, "fuzz.onnx");
      assertTrue(g.outputs().size() > 0);
    } catch (ModelException expected) {
      // the one acceptable failure
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  void loadAndInfer(byte[] data) {
    try {
      Graph g = new OnnxImporter().load(data, "fuzz.onnx");
      new PassManager(PassManager.frontEnd(), true, null).run(g);
    } catch (ModelException expected) {
      // the one acceptable failure
    }
  }

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  void loadAndCompile(byte[] data) {
    try {
      Graph g = new OnnxImporter().load(data, "fuzz.onnx");
      new Compiler().compile(g, Compiler.Options.defaults().withBatch(1).withVerifyIr(true));
    } catch (ModelException expected) {
      // the one acceptable failure
    }
  }
}
