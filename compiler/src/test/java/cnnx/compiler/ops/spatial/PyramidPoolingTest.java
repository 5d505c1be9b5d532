package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OrtOracle;
import cnnx.compiler.testing.RandomTensors;
import cnnx.compiler.testing.TensorAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Spatial pyramid pooling: max and average pools of 1x1, 2x2 and 4x4 bins over one feature map
 * (window and stride ceil(size / bins), ceil_mode so the last bin takes the remainder), each
 * flattened, all concatenated. ONNX Runtime runs the whole pyramid with Flatten and Concat; those
 * ops belong to another family, so cnnx runs the pools alone and the test flattens and
 * concatenates their outputs (tolerance: see {@link Harness}).
 */
class PyramidPoolingTest {
  private static final int[] BINS = {1, 2, 4};

  @Test
  void pyramidOfPoolsMatchesOrt() {
    int n = 2;
    int c = 5;
    int h = 13;
    int w = 11;
    Tensor x = RandomTensors.normal(new SplittableRandom(99), n, c, h, w);
    OnnxModelBuilder full = Harness.model().input("x", (long) n, c, h, w);
    OnnxModelBuilder pools = Harness.model().input("x", (long) n, c, h, w);
    List<String> flat = new ArrayList<>();
    List<String> poolOutputs = new ArrayList<>();
    for (String op : List.of("MaxPool", "AveragePool")) {
      for (int bins : BINS) {
        long kh = Math.ceilDiv(h, bins);
        long kw = Math.ceilDiv(w, bins);
        String name = op + bins;
        for (OnnxModelBuilder b : List.of(full, pools)) {
          b.node(op, names("x"), names(name), attrInts("kernel_shape", kh, kw), attrInts("strides", kh, kw),
              attr("ceil_mode", 1L));
        }
        full.node("Flatten", names(name), names(name + "_flat"), attr("axis", 1L));
        flat.add(name + "_flat");
        pools.rankedOutput(name, 4);
        poolOutputs.add(name);
      }
    }
    full.node("Concat", flat, names("spp"), attr("axis", 1L));
    full.rankedOutput("spp", 2);

    Tensor expected = OrtOracle.run(full.toBytes(), Map.of("x", x)).get("spp");
    Map<String, Tensor> actual = Harness.run(pools.toBytes(), Map.of("x", x), "pyramid");
    int features = 0;
    for (String name : poolOutputs) {
      Tensor t = actual.get(name);
      int bins = t.dim(2);
      assertArrayEquals(new int[] {n, c, bins, bins}, t.shape(), name + " bins");
      features += t.size() / n;
    }
    float[] concat = new float[n * features];
    int at = 0;
    for (int b = 0; b < n; b++) {
      for (String name : poolOutputs) {
        Tensor t = actual.get(name);
        int row = t.size() / n;
        System.arraycopy(t.floats(), b * row, concat, at, row);
        at += row;
      }
    }
    TensorAssert.assertClose(expected, Tensor.ofFloats(new int[] {n, features}, concat), Harness.RTOL,
        Harness.ATOL, "spatial pyramid");
  }
}
