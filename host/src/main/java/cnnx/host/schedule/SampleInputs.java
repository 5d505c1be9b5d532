package cnnx.host.schedule;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.TensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded inputs of a plan's compiled signature, for timing runs (kernel times do not depend on the values). */
public final class SampleInputs {
  private SampleInputs() {}

  public static Map<String, Tensor> of(List<TensorSpec> specs, long seed) {
    Random r = new Random(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (TensorSpec s : specs) {
      DataType dtype = DataType.fromOnnx(s.onnxType(), s.name());
      int n = 1;
      for (int d : s.shape()) {
        n *= d;
      }
      if (dtype.isFloating()) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) r.nextGaussian();
        }
        m.put(s.name(), Tensor.ofFloats(dtype, s.shape(), f));
      } else {
        m.put(s.name(), Tensor.zeros(dtype, s.shape()));
      }
    }
    return m;
  }
}
