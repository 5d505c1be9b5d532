package cnnx.host.cli;

import cnnx.api.CnnxException;
import cnnx.api.Model;
import cnnx.api.Tensor;
import cnnx.api.verify.HtmlReport;
import cnnx.api.verify.LayerVerifier;
import cnnx.api.verify.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Checks a model's plan on a device against the reference, launch by launch and end to end. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx verify model.onnx",
        "  cnnx verify model.onnx --device opencl:1 --html report.html",
        "  cnnx verify model.onnx --inject-fault conv1=0.5  # is the fault caught?"},
    description = "Check every launch on a device against the reference interpreter (each"
    + " launch on the reference's own inputs), and the whole run end to end.")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL")
  Path model;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "opencl",
      description = "The device to check: opencl, opencl:N, ... Default: ${DEFAULT-VALUE}")
  String device;

  @Option(names = "--input", arity = "1..*", paramLabel = "FILE",
      description = "Input tensors (.pb); default: seeded inputs uniform in [-1.7, 1.7)")
  List<Path> inputs;

  @Option(names = "--batch", defaultValue = "1", description = "Size for symbolic dims of generated inputs. Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of generated inputs. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write the table and a per-layer error chart as HTML")
  Path html;

  @Option(names = "--inject-fault", paramLabel = "NODE=DELTA",
      description = "Shift the outputs of the launches computing ONNX node NODE by DELTA: shows that verification"
          + " catches a broken kernel and names that node")
  String fault;

  @Mixin
  MemoryLimitOption memoryLimit;

  @Mixin
  LoadOption loading;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (device.equals("reference")) {
      throw new CnnxException(CnnxException.Kind.UNSUPPORTED,
          "verify compares a device with the reference; choose --device opencl[:N] or another device");
    }
    if (batch < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "--batch must be at least 1, got " + batch);
    }
    Model m = loading.load(model);
    Map<String, Tensor> feeds = inputs == null ? m.randomInputs(batch, seed) : m.readInputs(inputs);
    LayerVerifier verifier = new LayerVerifier(m, device, Progress.listener());
    if (memoryLimit.given()) {
      verifier = verifier.withMemoryLimit(memoryLimit.bytes);
    }
    VerificationReport r = verifier.verify(feeds, parseFault());
    out.print(r.toText());
    out.flush();
    if (html != null) {
      HtmlReport.write(r, model.getFileName().toString(), html);
      out.println("report written to " + html);
    }
    return r.passed() ? Main.OK : Main.MISMATCH;
  }

  private LayerVerifier.Fault parseFault() {
    if (fault == null) {
      return null;
    }
    int eq = fault.lastIndexOf('=');
    try {
      if (eq > 0) {
        float delta = Float.parseFloat(fault.substring(eq + 1));
        if (Float.isFinite(delta)) {
          return new LayerVerifier.Fault(fault.substring(0, eq), delta);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CnnxException(CnnxException.Kind.INVALID, "--inject-fault takes NODE=DELTA with a finite DELTA, got '"
        + fault + "'");
  }
}
