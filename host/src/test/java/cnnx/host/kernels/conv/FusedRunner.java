package cnnx.host.kernels.conv;

import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks a conv block on the device, fused and unfused, against the reference interpreter. */
final class FusedRunner {
  private FusedRunner() {}

  static Graph load(byte[] model) {
    return new OnnxImporter().load(model, "model.onnx");
  }

  static Compiler.Compiled compile(Graph g, Map<String, Tensor> inputs, boolean fuse) {
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    return new Compiler().compile(g,
        Compiler.Options.defaults().withFuse(fuse).withInputShapes(shapes).withVerifyIr(true));
  }

  /** Runs and compares both ways; returns the fused plan for plan-level checks. */
  static Plan assertMatchesReference(byte[] model, Map<String, Tensor> inputs) {
    OpenClHarness.assertMatchesReference(model, inputs, Models.RTOL, Models.ATOL);
    return compile(load(model), inputs, true).plan();
  }

  /** The launch computing the node of that op type (the first such node). */
  static Launch launchOf(Plan plan, Graph g, String opType) {
    String name = g.nodes().stream().filter(n -> n.opType().equals(opType)).findFirst().orElseThrow().name();
    return plan.launches().stream().filter(l -> l.onnxNodes().contains(name) && !l.kernelName().equals("pack_weights"))
        .findFirst().orElseThrow(() -> new AssertionError("no launch computes " + name));
  }

  static List<String> names(Graph g, String opType) {
    return g.nodes().stream().filter(n -> n.opType().equals(opType)).map(Node::name).toList();
  }
}
