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
 * Spatial pyramid pooling as a chain of pools and Concat: max and average pools of 1x1, 2x2 and 4x4
 * bins over one feature map (window and stride ceil(size / bins), ceil_mode so the last bin takes
 * the remainder), each flattened, all concatenated. The whole pyramid runs on the reference
 * interpreter and on ONNX Runtime (tolerance: see {@link Harness}).
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
    OnnxModelBuilder spp = Harness.model().input("x", (long) n, c, h, w);
    List<String> flat = new ArrayList<>();
    int features = 0;
    for (String op : List.of("MaxPool", "AveragePool")) {
      for (int bins : BINS) {
        long kh = Math.ceilDiv(h, bins);
        long kw = Math.ceilDiv(w, bins);
        String name = op + bins;
        spp.node(op, names("x"), names(name), attrInts("kernel_shape", kh, kw), attrInts("strides", kh, kw),
            attr("ceil_mode", 1L));
        spp.node("Flatten", names(name), names(name + "_flat"), attr("axis", 1L));
        flat.add(name + "_flat");
        features += c * bins * bins;
      }
    }
    spp.node("Concat", flat, names("spp"), attr("axis", 1L));
    spp.rankedOutput("spp", 2);

    Tensor expected = OrtOracle.run(spp.toBytes(), Map.of("x", x)).get("spp");
    Tensor actual = Harness.run(spp.toBytes(), Map.of("x", x), "pyramid").get("spp");
    assertArrayEquals(new int[] {n, features}, actual.shape(), "one fixed-length vector per image");
    TensorAssert.assertClose(expected, actual, Harness.RTOL, Harness.ATOL, "spatial pyramid");
  }
}
