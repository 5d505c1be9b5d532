package cnnx.bench.jmh;

import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.GraphProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.onnx.proto.OnnxProtos.NodeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.OperatorSetIdProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorShapeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TypeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * One-layer ONNX models of the kernel families, at ResNet-18 / MobileNet-V2 layer sizes (batch 1):
 * the input is "x", the output "y"; weights are random.
 */
final class LayerModels {
  private LayerModels() {}

  /** The model of a family, and the multiply-adds (or compares, for the pool) of one run. */
  record Layer(byte[] model, int[] inputShape, long macs) {}

  static Layer of(String family) {
    return switch (family) {
      case "conv3x3" -> conv(64, 64, 56, 3, 1, 1);
      case "conv1x1" -> conv(256, 64, 56, 1, 1, 1);
      case "strided" -> conv(64, 128, 56, 3, 2, 1);
      case "depthwise" -> conv(144, 144, 56, 3, 1, 144);
      case "pool" -> pool(64, 112);
      case "gemm" -> gemm(512, 1000);
      default -> throw new IllegalArgumentException("no layer family " + family);
    };
  }

  private static Layer conv(int c, int m, int h, int k, int s, int group) {
    GraphProto.Builder g = graph(new int[] {1, c, h, h});
    g.addInitializer(weights("w", new int[] {m, c / group, k, k}));
    g.addInitializer(weights("b", new int[] {m}));
    g.addNode(NodeProto.newBuilder().setOpType("Conv").setName("conv").addInput("x").addInput("w").addInput("b")
        .addOutput("y").addAttribute(ints("pads", k / 2, k / 2, k / 2, k / 2)).addAttribute(ints("strides", s, s))
        .addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT).setI(group)));
    int o = (h + 2 * (k / 2) - k) / s + 1;
    return new Layer(model(g), new int[] {1, c, h, h}, (long) m * o * o * (c / group) * k * k);
  }

  private static Layer pool(int c, int h) {
    GraphProto.Builder g = graph(new int[] {1, c, h, h});
    g.addNode(NodeProto.newBuilder().setOpType("MaxPool").setName("pool").addInput("x").addOutput("y")
        .addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("strides", 2, 2)).addAttribute(ints("pads", 1, 1, 1, 1)));
    int o = h / 2;
    return new Layer(model(g), new int[] {1, c, h, h}, (long) c * o * o * 9);
  }

  private static Layer gemm(int k, int n) {
    GraphProto.Builder g = graph(new int[] {1, k});
    g.addInitializer(weights("w", new int[] {n, k}));
    g.addInitializer(weights("b", new int[] {n}));
    g.addNode(NodeProto.newBuilder().setOpType("Gemm").setName("gemm").addInput("x").addInput("w").addInput("b")
        .addOutput("y").addAttribute(AttributeProto.newBuilder().setName("transB")
            .setType(AttributeProto.AttributeType.INT).setI(1)));
    return new Layer(model(g), new int[] {1, k}, (long) k * n);
  }

  private static GraphProto.Builder graph(int[] inputShape) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int d : inputShape) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return GraphProto.newBuilder().setName("layer")
        .addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))))
        .addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
  }

  private static byte[] model(GraphProto.Builder g) {
    return ModelProto.newBuilder().setIrVersion(10).setProducerName("cnnx-bench")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21)).setGraph(g).build().toByteArray();
  }

  private static TensorProto weights(String name, int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    SplittableRandom rnd = new SplittableRandom(name.hashCode());
    ByteBuffer buf = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      buf.putFloat((float) rnd.nextDouble(-0.1, 0.1));
    }
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (int d : dims) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(buf.array())).build();
  }

  private static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }
}
