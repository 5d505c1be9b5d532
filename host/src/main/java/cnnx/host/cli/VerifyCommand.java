package cnnx.host.cli;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.onnx.InputBinding;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.Device;
import cnnx.host.device.OpenClDevice;
import cnnx.host.verify.LayerVerifier;
import cnnx.host.verify.VerificationReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a model's plan on a device and the reference side by side, launch by launch. */
@Command(name = "verify", description = "Check every launch on a device against the reference interpreter.")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL")
  Path model;

  @Option(names = "--input", arity = "1..*", paramLabel = "FILE",
      description = "Input tensors (.pb); default: seeded standard-normal inputs")
  List<Path> inputs;

  @Option(names = "--batch", defaultValue = "1", description = "Size for symbolic dims of generated inputs. Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of generated inputs. Default: ${DEFAULT-VALUE}")
  long seed;

  @Mixin
  DeviceOption device;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Device d = device.resolve();
    if (!(d instanceof OpenClDevice cl)) {
      throw new UnsupportedModelException("verify compares a device with the reference; choose --device opencl[:N]");
    }
    Graph g = new OnnxImporter().load(model);
    Map<String, Tensor> feeds = inputs == null ? generated(g) : InputBinding.bind(g, inputs, "--input");
    try (ClContext context = ClContext.open(cl.info())) {
      VerificationReport r = new LayerVerifier(context, KernelBinaryCache.atDefaultLocation()).verify(g, feeds, null);
      spec.commandLine().getOut().print(r.toText());
      return r.passed() ? Main.OK : Main.MISMATCH;
    }
  }

  private Map<String, Tensor> generated(Graph g) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (ValueInfo in : g.inputs()) {
      int[] shape = new int[in.type().rank()];
      for (int i = 0; i < shape.length; i++) {
        Dim dim = in.type().dim(i);
        shape[i] = dim.isKnown() ? Math.toIntExact(dim.value()) : batch;
      }
      int n = Shapes.size(shape);
      if (in.type().dtype().isFloating()) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
          a[k] = (float) (rnd.nextDouble() * 2 - 1) * 1.7f;
        }
        m.put(in.name(), Tensor.ofFloats(in.type().dtype(), shape, a));
      } else {
        m.put(in.name(), Tensor.ofLongs(in.type().dtype(), shape, new long[n]));
      }
    }
    return m;
  }
}
