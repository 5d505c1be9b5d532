package cnnx.host.cli;

import cnnx.api.Comparison;
import cnnx.api.CompiledModel;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.api.TestCase;
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
@Command(name = "compare", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx compare test_relu/",
        "  cnnx compare test_conv/ --device opencl --rtol 1e-4 --atol 1e-6"},
    description = "Run CASE_DIR (model.onnx + test_data_set_*) and compare with expected outputs.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CASE_DIR")
  Path caseDir;

  @Option(names = "--rtol", defaultValue = "1e-3", description = "Relative tolerance. Default: ${DEFAULT-VALUE}")
  double rtol;

  @Option(names = "--atol", defaultValue = "1e-5", description = "Absolute tolerance. Default: ${DEFAULT-VALUE}")
  double atol;

  @Mixin
  DeviceOption device;

  @Mixin
  MemoryLimitOption memoryLimit;

  @Mixin
  LoadOption loading;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Comparison.of(Tensor.ofFloats(new int[] {0}), Tensor.ofFloats(new int[] {0}), rtol, atol); // checks the tolerances
    device.discoverEarly();
    TestCase c = TestCase.open(caseDir, loading.options());
    boolean allPassed = true;
    List<Path> sets = c.dataSets();
    Progress progress = Progress.start("comparing", sets.size());
    for (Path set : sets) {
      Map<String, Tensor> feeds = c.inputs(set);
      List<Tensor> expected = c.expectedOutputs(set);
      CompiledModel compiled = c.model().compile(memoryLimit.apply(device.options()).withInputsLike(feeds));
      List<Tensor> actual;
      String label;
      try (Session session = compiled.newSession(sets.size() == 1 ? Progress.listener() : null)) {
        actual = new ArrayList<>(session.run(feeds).outputs().values());
        label = session.deviceLabel();
      }
      double maxAbs = 0;
      double relL2 = 0;
      String problem = expected.size() != actual.size() ? actual.size() + " outputs, expected " + expected.size() : null;
      boolean passed = problem == null;
      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
        Comparison cmp = Comparison.of(expected.get(i), actual.get(i), rtol, atol);
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
      out.printf("%s: %s  max_abs=%.3e  rel_l2=%.3e  device=%s%s%n", set.getFileName(), passed ? "PASS" : "FAIL",
          maxAbs, relL2, label, problem == null ? "" : "  (" + problem + ")");
      progress.step();
    }
    progress.close();
    return allPassed ? Main.OK : Main.MISMATCH;
  }
}
