package cnnx.compiler.testing;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hostile models made here, shared by the reference and device tests: small files whose
 * attributes or constants ask for outputs over the element limit, or whose size arithmetic
 * overflows long. Every one has static input shapes, so it can be fed zeros.
 */
public final class HostileModels {
  private HostileModels() {}

  private static OnnxModelBuilder small() {
    return new OnnxModelBuilder().input("x", 1L, 2L, 6L, 6L);
  }

  /** Size bombs by description. */
  public static Map<String, Supplier<OnnxModelBuilder>> sizeBombs() {
    Map<String, Supplier<OnnxModelBuilder>> c = new LinkedHashMap<>();
    c.put("conv with huge pads", () -> small().initializer("w", new float[4 * 2], 4, 2, 1, 1)
        .node("Conv", names("x", "w"), names("y"), attrInts("pads", 300_000_001, 7, 300_000_001, 9)).output("y"));
    c.put("conv with pads near 2^63", () -> small().initializer("w", new float[4 * 2], 4, 2, 1, 1)
        .node("Conv", names("x", "w"), names("y"),
            attrInts("pads", Long.MAX_VALUE - 3, 0, Long.MAX_VALUE - 5, 0)).output("y"));
    c.put("maxpool with huge pads", () -> small()
        .node("MaxPool", names("x"), names("y"), attrInts("kernel_shape", 2, 2),
            attrInts("pads", 400_000_000, 1, 400_000_000, 0), attrInts("strides", 1, 1),
            attr("ceil_mode", 0L)).output("y"));
    c.put("expand to a huge shape", () -> small().initializerLongs("s", new long[] {3_000, 70_000, 1, 6, 6}, 5)
        .node("Expand", names("x", "s"), names("y")).output("y"));
    c.put("expand with overflowing product", () -> small()
        .initializerLongs("s", new long[] {1L << 40, 1L << 40, 2, 6, 6}, 5)
        .node("Expand", names("x", "s"), names("y")).output("y"));
    c.put("resize with scales of 4e5", () -> small().initializer("scales", new float[] {1, 1, 4e5f, 3e5f}, 4)
        .node("Resize", names("x", "", "scales"), names("y")).output("y").opset(13));
    c.put("upsample with scales of 7e5", () -> small().initializer("scales", new float[] {1, 1, 7e5f, 3e3f}, 4)
        .node("Upsample", names("x", "scales"), names("y"), attr("mode", "nearest")).output("y").opset(9));
    c.put("resize with sizes near 2^62", () -> small().initializerLongs("sizes", new long[] {1, 2, 1L << 62, 6}, 4)
        .node("Resize", names("x", "", "", "sizes"), names("y")).output("y").opset(13));
    c.put("pad by 5e8", () -> small().initializerLongs("pads", new long[] {0, 0, 500_000_003, 0, 0, 0, 0, 11}, 8)
        .node("Pad", names("x", "pads"), names("y")).output("y"));
    c.put("pad overflowing long", () -> small()
        .initializerLongs("pads", new long[] {0, 0, Long.MAX_VALUE, 0, 0, 0, Long.MAX_VALUE, 0}, 8)
        .node("Pad", names("x", "pads"), names("y")).output("y"));
    c.put("maxunpool output_shape of 3e5", () -> small().initializerLongs("idx", new long[2 * 3 * 3], 1, 2, 3, 3)
        .initializerLongs("oshape", new long[] {1, 2, 300_007, 300_007}, 4)
        .node("MaxPool", names("x"), names("p"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .node("MaxUnpool", names("p", "idx", "oshape"), names("y"), attrInts("kernel_shape", 2, 2),
            attrInts("strides", 2, 2)).output("y"));
    c.put("maxunpool strides of 2^33", () -> small().initializerLongs("idx", new long[2 * 6 * 6], 1, 2, 6, 6)
        .node("MaxUnpool", names("x", "idx"), names("y"), attrInts("kernel_shape", 2, 2),
            attrInts("strides", 1L << 33, 1)).output("y"));
    c.put("convtranspose strides of 2^31+7", () -> small().initializer("w", new float[2 * 3 * 4], 2, 3, 2, 2)
        .node("ConvTranspose", names("x", "w"), names("y"), attrInts("strides", (1L << 31) + 7, 3)).output("y"));
    c.put("convtranspose strides near 2^63", () -> small().initializer("w", new float[2 * 3 * 4], 2, 3, 2, 2)
        .node("ConvTranspose", names("x", "w"), names("y"), attrInts("strides", Long.MAX_VALUE / 3, 1)).output("y"));
    c.put("split sizes whose sum wraps", () -> small()
        .initializerLongs("split", new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 8}, 3)
        .node("Split", names("x", "split"), names("a", "b", "c"), attr("axis", 2L)).output("a").output("b")
        .output("c"));
    c.put("tile by 4e4 twice", () -> small().initializerLongs("r", new long[] {1, 1, 40_000, 40_001}, 4)
        .node("Tile", names("x", "r"), names("y")).output("y"));
    c.put("constant of shape 1e5 squared", () -> small().initializerLongs("s", new long[] {100_003, 100_019}, 2)
        .node("ConstantOfShape", names("s"), names("c")).node("Add", names("c", "c"), names("y")).output("y"));
    c.put("range of 3e9 elements", () -> small().initializerLongs("a", new long[] {0}).initializerLongs("b",
        new long[] {3_000_000_000L}).initializerLongs("d", new long[] {1})
        .node("Range", names("a", "b", "d"), names("y")).output("y", TensorProto.DataType.INT64_VALUE));
    c.put("matmul outer product of 4e4 squared", () -> new OnnxModelBuilder().input("x", 40_000L, 1L)
        .initializer("w", new float[40_000], 1, 40_000).node("MatMul", names("x", "w"), names("y")).output("y"));
    c.put("doubling concat chain", () -> {
      OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 64L, 64L);
      String prev = "x";
      for (int i = 0; i < 20; i++) {
        b.node("Concat", names(prev, prev), names("c" + i), attr("axis", 0L));
        prev = "c" + i;
      }
      return b.node("Relu", names(prev), names("y")).output("y");
    });
    return c;
  }

  /** Zeros of each input's (static) shape and type. */
  public static Map<String, Tensor> zeros(Graph g) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (ValueInfo in : g.inputs()) {
      m.put(in.name(), Tensor.zeros(in.type().dtype(), in.type().shape()));
    }
    return m;
  }
}
