package cnnx.host.cli;

import cnnx.compiler.ModelLoader;
import cnnx.compiler.analysis.LayerCost;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.onnx.OnnxImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a model's interface, op histogram, parameter count and per-layer MACs. */
@Command(name = "inspect", description = "Show inputs, outputs, ops, parameters and MACs per layer.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "MODEL", description = "ONNX model file")
  Path model;

  @Option(names = "--batch", defaultValue = "1",
      description = "Size given to symbolic input dims for the shape-dependent figures. Default: ${DEFAULT-VALUE}.")
  long batch;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Graph declared = new OnnxImporter().load(model);
    Graph g = ModelLoader.loadSpecialized(model, Map.of(), batch, null);
    out.printf("model %s (graph '%s', opset %d)%n", model, declared.name(), declared.opset());
    for (ValueInfo in : declared.inputs()) {
      out.printf("  input  %-24s %s%n", in.name(), in.type());
    }
    for (ValueInfo o : declared.outputs()) {
      out.printf("  output %-24s %s (batch %d: %s)%n", o.name(), o.type(), batch,
          g.typeOf(o.name()).map(Object::toString).orElse("?"));
    }
    long params = 0;
    for (Tensor t : declared.initializers().values()) {
      params += t.size();
    }
    out.printf("parameters: %,d%n", params);
    Map<String, Integer> histogram = new TreeMap<>();
    declared.nodes().forEach(n -> histogram.merge(n.opType(), 1, Integer::sum));
    out.println("ops:");
    histogram.forEach((op, count) -> out.printf("  %-24s %d%n", op, count));
    out.printf("MACs per layer (batch %d):%n", batch);
    long total = 0;
    for (Node n : g.nodes()) {
      Optional<Long> macs = LayerCost.macs(g, n);
      if (macs.isPresent()) {
        total += macs.get();
        out.printf("  %-32s %-14s %,15d  -> %s%n", n.name(), n.opType(), macs.get(),
            g.typeOf(n.output(0)).map(Object::toString).orElse("?"));
      }
    }
    out.printf("total MACs: %,d (%.3f GMAC)%n", total, total / 1e9);
    return Main.OK;
  }
}
