package cnnx.host.cli;

import cnnx.api.Layer;
import cnnx.api.Model;
import cnnx.api.TensorInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a model's interface, op histogram, parameter count and per-layer MACs. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    footer = {"", "Examples:",
        "  cnnx inspect resnet18.onnx",
        "  cnnx inspect resnet18.onnx --batch 8      # MACs at batch 8"},
    description = "Show inputs, outputs, ops, parameters and MACs per layer.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL", description = "ONNX model file")
  Path model;

  @Option(names = "--batch", defaultValue = "1",
      description = "Size given to symbolic input dims for the shape-dependent figures. Default: ${DEFAULT-VALUE}.")
  long batch;

  @Mixin
  LoadOption loading;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Model m = loading.load(model);
    Map<String, String> specialised = m.outputTypes(batch);
    out.printf("model %s (graph '%s', opset %d)%n", model, m.graphName(), m.opset());
    m.waivedChecks().forEach(w -> out.printf("  loaded despite: %s%n", w));
    for (TensorInfo in : m.inputs()) {
      out.printf("  input  %-24s %s%n", in.name(), in.type());
    }
    for (TensorInfo o : m.outputs()) {
      out.printf("  output %-24s %s (batch %d: %s)%n", o.name(), o.type(), batch, specialised.get(o.name()));
    }
    out.printf("parameters: %,d%n", m.parameterCount());
    out.println("ops:");
    m.opCounts().forEach((op, count) -> out.printf("  %-24s %d%n", op, count));
    out.printf("MACs per layer (batch %d):%n", batch);
    long total = 0;
    for (Layer l : m.layers(batch)) {
      total += l.macs();
      out.printf("  %-32s %-14s %,15d  -> %s%n", l.name(), l.opType(), l.macs(), l.outputType());
    }
    out.printf("total MACs: %,d (%.3f GMAC)%n", total, total / 1e9);
    return Main.OK;
  }
}
