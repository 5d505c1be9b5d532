package cnnx.host.device.reference;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ops.OpRegistry;
import cnnx.host.cl.DeviceException;
import cnnx.host.device.LaunchObserver;
import cnnx.host.device.Executable;
import cnnx.host.exec.Provenance;
import cnnx.host.exec.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A graph on the reference interpreter. Stateless per run, so concurrent runs need no lock. */
final class ReferenceExecutable implements Executable {
  private final Graph graph;
  private final MemoryBudget memoryLimit;
  private final Provenance provenance;
  private volatile boolean closed;

  ReferenceExecutable(Graph graph, MemoryBudget memoryLimit) {
    this.graph = graph;
    this.memoryLimit = memoryLimit;
    this.provenance = new Provenance("reference (JVM reference interpreter)", System.getProperty("java.version"),
        List.of(), true, null);
  }

  @Override
  public RunResult run(Map<String, Tensor> inputs, cnnx.host.device.RunHooks hooks) {
    LaunchObserver observer = hooks.observer();
    cnnx.host.exec.LaunchFault fault = hooks.fault();
    if (closed) {
      throw new DeviceException("the model was closed on the reference device; load it again");
    }
    Map<String, Tensor> out;
    if (observer == null) {
      out = new ReferenceInterpreter(OpRegistry.standard(), memoryLimit).run(graph, inputs);
    } else {
      AtomicInteger step = new AtomicInteger();
      out = new ReferenceInterpreter(OpRegistry.standard(), memoryLimit).run(graph, inputs, (node, in, outs) -> {
        Map<String, Tensor> written = new LinkedHashMap<>();
        for (int i = 0; i < node.outputs().size() && i < outs.size(); i++) {
          if (!node.output(i).isEmpty()) {
            written.put(node.output(i), outs.get(i));
          }
        }
        if (fault != null && node.name().equals(fault.onnxNode())) {
          written.replaceAll((k, v) -> v.isFloating() ? shifted(v, fault.delta()) : v);
        }
        observer.afterStep(step.getAndIncrement(), node.opType(), List.of(node.name()), written);
      });
    }
    return new RunResult(out, provenance);
  }

  private static Tensor shifted(Tensor t, float delta) {
    float[] f = t.floats().clone();
    for (int i = 0; i < f.length; i++) {
      f[i] += delta;
    }
    return Tensor.ofFloats(t.dtype(), t.shape(), f);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public void close() {
    closed = true;
  }
}
