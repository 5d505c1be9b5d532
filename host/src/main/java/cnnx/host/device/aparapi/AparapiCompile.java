package cnnx.host.device.aparapi;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.pass.FoldBatchNorm;
import cnnx.compiler.pass.FuseConvBlocks;
import cnnx.compiler.pass.InferShapes;
import cnnx.compiler.pass.Pass;
import cnnx.compiler.pass.PassManager;
import cnnx.host.device.aparapi.lower.ModelLowering;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiler's own front end and fusion, then lowering to Aparapi steps. A conv block takes a following pool
 * only where the pool's windows tile the conv output ({@link AparapiFusion}).
 */
final class AparapiCompile {
  private AparapiCompile() {}

  static AparapiArtifact prepare(Graph model, Compiler.Options options) {
    List<Pass> passes = new ArrayList<>(Compiler.frontEnd(options));
    if (options.fuse()) {
      passes.add(new FoldBatchNorm());
      passes.add(new InferShapes());
      passes.add(new FuseConvBlocks(new AparapiFusion()));
    }
    PassManager pm = new PassManager(passes, options.verifyIr(), options.trace());
    Graph g = pm.run(model);
    // every value of a run is a Java array kept until the run ends: checked before anything is lowered or run
    var need = cnnx.compiler.analysis.MemoryEstimate.allValues(g);
    if (options.memoryLimit() != null) {
      options.memoryLimit().check("the Aparapi run", need.peakBytes(), need.largest());
    }
    cnnx.compiler.analysis.MemoryBudget.jvmHeap().check("the Aparapi run", need.peakBytes(), need.largest());
    long t0 = System.nanoTime();
    ModelLowering.Lowered lowered = ModelLowering.lower(g);
    List<PassManager.Timing> timings = new ArrayList<>(pm.timings());
    timings.add(new PassManager.Timing("lower-to-aparapi", System.nanoTime() - t0));
    return new AparapiArtifact(g, lowered, timings);
  }

  static cnnx.host.device.Executable load(cnnx.host.device.Artifact artifact, cnnx.host.device.Device device) {
    if (!(artifact instanceof AparapiArtifact a)) {
      throw new cnnx.compiler.error.UnsupportedModelException("the Aparapi devices run models, not compiled plans: "
          + artifact.describe() + "; load the ONNX model for " + device.id());
    }
    if (!(device instanceof AparapiDevice d)) {
      throw new IllegalArgumentException(device.id() + " is not an Aparapi device");
    }
    return new AparapiExecutable(d, a);
  }
}
