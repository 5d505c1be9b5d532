package cnnx.compiler.ops.spatial;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MaxPool with Indices feeding MaxUnpool, and ceil_mode edge cases, against ONNX Runtime
 * (tolerance: see {@link Harness}).
 */
class UnpoolTest {
  @Test
  void unpoolRestoresPaddedPoolInput() {
    SplittableRandom rnd = new SplittableRandom(3);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", 2, 3, 7, 6);
    b.node("MaxPool", names("x"), names("y", "i"), attrInts("kernel_shape", 3, 2), attrInts("strides", 2, 2),
        attrInts("pads", 1, 0, 1, 0));
    b.node("MaxUnpool", names("y", "i"), names("z"), attrInts("kernel_shape", 3, 2), attrInts("strides", 2, 2),
        attrInts("pads", 1, 0, 1, 0));
    b.rankedOutput("z", 4);
    Map<String, Tensor> out = Harness.compare(b, Map.of("x", x), "MaxUnpool 2-D");
    assertArrayEquals(new int[] {2, 3, 7, 6}, out.get("z").shape());
  }

  @Test
  void unpoolWithOutputShapeRecoversOddSize() {
    SplittableRandom rnd = new SplittableRandom(4);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", 1, 2, 5, 7, 3);
    b.initializerLongs("shape", new long[] {1, 2, 5, 7, 3}, 5);
    b.node("MaxPool", names("x"), names("y", "i"), attrInts("kernel_shape", 2, 2, 2),
        attrInts("strides", 2, 2, 1));
    b.node("MaxUnpool", names("y", "i", "shape"), names("z"), attrInts("kernel_shape", 2, 2, 2),
        attrInts("strides", 2, 2, 1));
    b.rankedOutput("z", 5);
    b.rankedOutput("i", 5, TensorProto.DataType.INT64_VALUE);
    Map<String, Tensor> out = Harness.compare(b, Map.of("x", x), "MaxUnpool 3-D with output_shape");
    assertArrayEquals(new int[] {1, 2, 5, 7, 3}, out.get("z").shape());
  }

  @Test
  void unpool1d() {
    SplittableRandom rnd = new SplittableRandom(5);
    OnnxModelBuilder b = Harness.model();
    Tensor x = Harness.input(b, rnd, "x", 3, 2, 12);
    b.node("MaxPool", names("x"), names("y", "i"), attrInts("kernel_shape", 3), attrInts("strides", 3));
    b.node("MaxUnpool", names("y", "i"), names("z"), attrInts("kernel_shape", 3), attrInts("strides", 3));
    b.rankedOutput("z", 3);
    Harness.compare(b, Map.of("x", x), "MaxUnpool 1-D");
  }

  /** ceil_mode drops a last window that would start inside the end padding (in 4, k 2, s 2, pads 0+1). */
  @Test
  void ceilModeDropsWindowStartingInEndPadding() {
    for (String op : new String[] {"MaxPool", "AveragePool"}) {
      SplittableRandom rnd = new SplittableRandom(6);
      OnnxModelBuilder b = Harness.model();
      Tensor x = Harness.input(b, rnd, "x", 1, 2, 4, 4);
      b.node(op, names("x"), names("y"), attrInts("kernel_shape", 2, 3), attrInts("strides", 2, 2),
          attrInts("pads", 0, 0, 1, 1), attr("ceil_mode", 1L));
      b.rankedOutput("y", 4);
      Map<String, Tensor> out = Harness.compare(b, Map.of("x", x), op + " ceil_mode");
      // Axis 0: ceil((4+1-2)/2)+1 = 3, but window 2 starts at 4 = in + padBegin: dropped.
      // Axis 1: ceil((4+1-3)/2)+1 = 2.
      assertArrayEquals(new int[] {1, 2, 2, 2}, out.get("y").shape(), op);
    }
  }
}
