package cnnx.host.exec;

import cnnx.compiler.Compiler;
import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.DeviceException;
import cnnx.host.cl.DeviceInfo;
import cnnx.host.cl.KernelBinaryCache;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model on an OpenCL device. Each distinct set of input shapes is compiled once (shapes are
 * specialised) and kept loaded for later runs.
 */
public final class OpenClRunner implements ModelRunner {
  private final Graph graph;
  private final ClContext context;
  private final KernelBinaryCache cache;
  private final Compiler.Options options;
  private final MemoryBudget budget;
  private final Map<String, OpenClExecutable> loaded = new HashMap<>();
  private boolean closed;

  public OpenClRunner(Graph graph, DeviceInfo device, KernelBinaryCache cache, Compiler.Options options) {
    this(graph, device, cache, options, null);
  }

  /** @param budget the most device memory a plan may take; null for the device's global memory */
  public OpenClRunner(Graph graph, DeviceInfo device, KernelBinaryCache cache, Compiler.Options options,
      MemoryBudget budget) {
    this.budget = budget;
    this.graph = graph;
    this.cache = cache;
    this.options = options;
    this.context = ClContext.open(device);
  }

  @Override
  public String deviceLabel() {
    return context.device().summary();
  }

  /** The executable for these input shapes, compiling it on first use. */
  public synchronized OpenClExecutable executable(Map<String, Tensor> inputs) {
    if (closed) {
      throw new DeviceException("the runner on " + context.device().summary() + " was closed");
    }
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    StringBuilder key = new StringBuilder();
    shapes.forEach((k, v) -> key.append(k).append(Arrays.toString(v)).append(';'));
    OpenClExecutable e = loaded.get(key.toString());
    if (e == null) {
      Compiler.Compiled c = new Compiler().compile(graph, options.withInputShapes(shapes));
      e = OpenClExecutable.load(context, c.graph(), c.plan(), cache, budget);
      loaded.put(key.toString(), e);
    }
    return e;
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs) {
    // Against the model as declared: the plan is compiled for the shapes fed, so it cannot tell.
    ReferenceInterpreter.checkInputs(graph, inputs);
    OpenClExecutable e = executable(inputs);
    return new RunResult(e.run(inputs), e.provenance());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    loaded.values().forEach(OpenClExecutable::close);
    loaded.clear();
    context.close();
  }
}
