package cnnx.compiler.testing;

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
import java.util.ArrayList;
import java.util.List;

/** Builds small ONNX models in tests, for the reference interpreter and ONNX Runtime alike. */
public final class OnnxModelBuilder {
  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
  private int opset = 17;
  private long irVersion = 8;
  private int nodeCount;

  public OnnxModelBuilder opset(int version) {
    this.opset = version;
    return this;
  }

  public OnnxModelBuilder irVersion(long version) {
    this.irVersion = version;
    return this;
  }

  /** A float input; a dim below 0 becomes the symbol "N". */
  public OnnxModelBuilder input(String name, long... dims) {
    graph.addInput(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims));
    return this;
  }

  /** An input of another element type (ONNX TensorProto.DataType code). */
  public OnnxModelBuilder typedInput(String name, int elemType, long... dims) {
    graph.addInput(valueInfo(name, elemType, dims));
    return this;
  }

  /** A float output of unspecified shape. */
  public OnnxModelBuilder output(String name) {
    graph.addOutput(
        ValueInfoProto.newBuilder()
            .setName(name)
            .setType(
                TypeProto.newBuilder()
                    .setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
    return this;
  }

  public OnnxModelBuilder output(String name, int elemType) {
    graph.addOutput(
        ValueInfoProto.newBuilder()
            .setName(name)
            .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType))));
    return this;
  }

  /** A float output of the given rank with unknown dims (the importer needs a rank; the ops give the sizes). */
  public OnnxModelBuilder rankedOutput(String name, int rank) {
    return rankedOutput(name, rank, TensorProto.DataType.FLOAT_VALUE);
  }

  /** An output of the given rank and element type (ONNX code) with unknown dims. */
  public OnnxModelBuilder rankedOutput(String name, int rank, int elemType) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int i = 0; i < rank; i++) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder());
    }
    graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))));
    return this;
  }

  /** Outputs without a type: ONNX Runtime and the importer infer them. */
  public OnnxModelBuilder untypedOutputs(String... names) {
    for (String n : names) {
      graph.addOutput(ValueInfoProto.newBuilder().setName(n));
    }
    return this;
  }

  /** A float initializer stored as raw_data. */
  public OnnxModelBuilder initializer(String name, float[] data, long... dims) {
    graph.addInitializer(floatTensor(name, data, dims));
    return this;
  }

  /** An int64 initializer stored as raw_data. */
  public OnnxModelBuilder initializerLongs(String name, long[] data, long... dims) {
    graph.addInitializer(longTensor(name, data, dims));
    return this;
  }

  public OnnxModelBuilder initializer(TensorProto t) {
    graph.addInitializer(t);
    return this;
  }

  /** Adds a node; attributes from {@link #attr} helpers. Output names may be "" for omitted. */
  public OnnxModelBuilder node(String opType, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(opType.toLowerCase() + "_" + nodeCount++);
    n.addAllInput(inputs).addAllOutput(outputs);
    for (AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return this;
  }

  public GraphProto.Builder graph() {
    return graph;
  }

  public ModelProto build() {
    return ModelProto.newBuilder()
        .setIrVersion(irVersion)
        .setProducerName("cnnx-tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph)
        .build();
  }

  public byte[] toBytes() {
    return build().toByteArray();
  }

  /** A shape as the long dims the builder takes. */
  public static long[] dims(int... shape) {
    long[] d = new long[shape.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = shape[i];
    }
    return d;
  }

  public static ValueInfoProto valueInfo(String name, int elemType, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d < 0
          ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }

  public static TensorProto floatTensor(String name, float[] data, long... dims) {
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      buf.putFloat(f);
    }
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(buf.array())).build();
  }

  public static TensorProto longTensor(String name, long[] data, long... dims) {
    ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : data) {
      buf.putLong(v);
    }
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(buf.array())).build();
  }

  public static AttributeProto attr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  public static AttributeProto attr(String name, float v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
  }

  public static AttributeProto attr(String name, String v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v)).build();
  }

  public static AttributeProto attrInts(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  public static AttributeProto attrFloats(String name, float... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    for (float x : v) {
      a.addFloats(x);
    }
    return a.build();
  }

  public static AttributeProto attr(String name, TensorProto t) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
  }

  public static List<String> names(String... names) {
    return new ArrayList<>(List.of(names));
  }
}
