package cnnx.bench;

import cnnx.compiler.Compiler;
import cnnx.compiler.analysis.LayerCost;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.pass.PassManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model at one batch size: random inputs (fixed seed, uniform in [-1, 1)) of the shapes the
 * model takes at that batch, and its multiply-accumulate count (unfused graph, static shapes).
 */
record BenchInputs(int batch, Map<String, Tensor> feeds, long macs) {
  static BenchInputs of(Graph model, int batch) {
    Compiler.Options o = Compiler.Options.defaults().withBatch(batch).withFuse(false);
    Graph g = new PassManager(Compiler.frontEnd(o), false, null).run(model);
    SplittableRandom rnd = new SplittableRandom(8 * 1000 + batch);
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (ValueInfo in : g.inputs()) {
      if (g.isConstant(in.name())) {
        continue;
      }
      TensorType t = g.typeOf(in.name()).orElseThrow();
      if (!t.isStatic() || t.dtype() != DataType.FLOAT) {
        throw new IllegalArgumentException("input '" + in.name() + "' is " + t + "; the bench feeds static float inputs");
      }
      int[] shape = t.shape();
      if (shape.length > 0 && shape[0] != batch) {
        throw new IllegalArgumentException("input '" + in.name() + "' has a fixed batch of " + shape[0]
            + "; it cannot run at batch " + batch);
      }
      float[] data = new float[t.shape().length == 0 ? 1 : java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (rnd.nextDouble() * 2 - 1);
      }
      feeds.put(in.name(), Tensor.ofFloats(shape, data));
    }
    long macs = 0;
    for (Node n : g.nodes()) {
      macs += LayerCost.macs(g, n).orElse(0L);
    }
    return new BenchInputs(batch, feeds, macs);
  }
}
