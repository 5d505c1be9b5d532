package cnnx.bench;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.device.opencl.OpenClDevice;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.exec.ProfiledRun;
import cnnx.kernels.plan.PlanTraffic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model compiled for one OpenCL device's target (fused, or every node on its own), profiled per
 * launch. It uses host's executable directly: the public API does not expose per-launch events.
 */
final class OpenClContender implements Contender {
  private final String id;
  private final OpenClDevice device;
  private final Graph graph;
  private final boolean fuse;
  private final boolean tuned;
  private final ClContext context;
  private OpenClExecutable executable;

  /** @param tuned whether the device's tuning table ({@code cnnx tune}) is applied */
  OpenClContender(String id, OpenClDevice device, Graph graph, boolean fuse, boolean tuned) {
    this.id = id;
    this.device = device;
    this.graph = graph;
    this.fuse = fuse;
    this.tuned = tuned;
    this.context = ClContext.open(device.info());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return device.info().summary() + ", driver " + device.info().driverVersion() + (fuse ? "" : ", unfused plan")
        + (tuned ? "" : ", the rules' kernel variants (no tuning table)");
  }

  @Override
  public void prepare(Map<String, Tensor> inputs) {
    if (executable != null) {
      executable.close();
    }
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    Compiler.Options o = Compiler.Options.defaults().withFuse(fuse).withInputShapes(shapes);
    Compiler.Compiled c = new Compiler().compile(graph, device.target().orElseThrow(),
        tuned ? cnnx.host.schedule.TuningStore.applyTo(device.target().orElseThrow(), o) : o);
    executable = OpenClExecutable.load(context, c.plan(), KernelBinaryCache.atDefaultLocation());
  }

  @Override
  public Timed run(Map<String, Tensor> inputs) {
    long t0 = System.nanoTime();
    Map<String, Tensor> out = executable.run(inputs).outputs();
    return Timed.wallOnly(out, System.nanoTime() - t0);
  }

  @Override
  public Timed profile(Map<String, Tensor> inputs) {
    ProfiledRun r = executable.runProfiled(inputs);
    return new Timed(r.outputs(), r.totalNanos(), r.writeNanos(), r.kernelNanos(), r.readNanos(), r.launchNanos());
  }

  @Override
  public Optional<PlanTraffic> traffic() {
    return Optional.ofNullable(executable).map(e -> PlanTraffic.of(e.plan()));
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
    if (executable != null) {
      executable.close();
    }
    context.close();
  }
}
