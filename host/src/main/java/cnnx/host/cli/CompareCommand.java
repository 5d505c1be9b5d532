package cnnx.host.cli;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import cnnx.host.exec.ModelRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs an ONNX backend-test case folder and compares every data set with its expected outputs. */
@Command(name = "compare", description = "Run CASE_DIR (model.onnx + test_data_set_*) and compare with expected outputs.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CASE_DIR")
  Path caseDir;

  @Option(names = "--rtol", defaultValue = "1e-3", description = "Relative tolerance. Default: ${DEFAULT-VALUE}")
  double rtol;

  @Option(names = "--atol", defaultValue = "1e-5", description = "Absolute tolerance. Default: ${DEFAULT-VALUE}")
  double atol;

  @Mixin
  DeviceOption device;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Tolerance tol = new Tolerance(rtol, atol);
    BackendTestCase c = BackendTestCase.open(caseDir);
    Graph g = new OnnxImporter().load(c.model());
    boolean allPassed = true;
    try (ModelRunner runner = device.open(g)) {
    for (Path set : c.dataSets()) {
      Map<String, Tensor> feeds = BackendTestCase.inputs(g, set);
      List<Tensor> expected = BackendTestCase.expectedOutputs(set);
      List<Tensor> actual = new ArrayList<>(runner.run(feeds).outputs().values());
      double maxAbs = 0;
      double relL2 = 0;
      String problem = expected.size() != actual.size()
          ? actual.size() + " outputs, expected " + expected.size() : null;
      boolean passed = problem == null;
      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
        TensorComparison cmp = TensorComparison.compare(expected.get(i), actual.get(i), tol);
        maxAbs = Math.max(maxAbs, cmp.maxAbsError());
        relL2 = Math.max(relL2, cmp.relativeL2());
        if (!cmp.passed()) {
          passed = false;
          if (problem == null) {
            problem = "output " + i + ": " + (cmp.problem() != null ? cmp.problem()
                : "element " + cmp.firstFailure() + " outside tolerance");
          }
        }
      }
      allPassed &= passed;
      out.printf("%s: %s  max_abs=%.3e  rel_l2=%.3e  device=%s%s%n",
          set.getFileName(), passed ? "PASS" : "FAIL", maxAbs, relL2, runner.deviceLabel(),
          problem == null ? "" : "  (" + problem + ")");
    }
    }
    return allPassed ? Main.OK : Main.MISMATCH;
  }
}
