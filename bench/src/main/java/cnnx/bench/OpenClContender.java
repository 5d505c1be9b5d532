package cnnx.bench;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.OpenClDevice;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.exec.OpenClRunner;
import cnnx.host.exec.ProfiledRun;
import java.util.List;
import java.util.Map;

/** A model compiled for one OpenCL device (fused, or every node on its own), profiled per launch. */
final class OpenClContender implements Contender {
  private final String id;
  private final OpenClDevice device;
  private final OpenClRunner runner;
  private final Graph graph;
  private OpenClExecutable executable;

  OpenClContender(String id, OpenClDevice device, Graph graph, boolean fuse) {
    this.id = id;
    this.device = device;
    this.graph = graph;
    this.runner = new OpenClRunner(graph, device.info(), KernelBinaryCache.atDefaultLocation(),
        Compiler.Options.defaults().withFuse(fuse));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return device.info().summary() + ", driver " + device.info().driverVersion();
  }

  @Override
  public void prepare(Map<String, Tensor> inputs) {
    executable = runner.executable(inputs);
  }

  @Override
  public Timed run(Map<String, Tensor> inputs) {
    ProfiledRun r = executable.runProfiled(inputs);
    return new Timed(r.outputs(), r.totalNanos(), r.writeNanos(), r.kernelNanos(), r.readNanos(), r.launchNanos());
  }

  @Override
  public List<List<String>> launchNodes() {
    return executable.plan().launches().stream()
        .map(l -> l.onnxNodes().stream().map(this::withOpType).toList()).toList();
  }

  /** "name (OpType)": node names alone rarely say what a launch is. */
  private String withOpType(String node) {
    return graph.node(node).map(n -> node + " (" + n.opType() + ")").orElse(node);
  }

  @Override
  public void close() {
    runner.close();
  }
}
