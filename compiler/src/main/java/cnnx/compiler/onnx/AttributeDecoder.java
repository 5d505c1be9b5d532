package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Attribute;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto.AttributeType;
import java.util.ArrayList;
import java.util.List;

/** AttributeProto → Attribute. Old files leave {@code type} unset: the set field then decides. */
final class AttributeDecoder {
  /** Converts a subgraph attribute, in the scope of the graph being decoded. */
  @FunctionalInterface
  interface Subgraphs {
    cnnx.compiler.ir.Graph convert(cnnx.compiler.onnx.proto.OnnxProtos.GraphProto g, String where);
  }

  private final TensorDecoder tensors;
  private final Subgraphs subgraphs;

  AttributeDecoder(TensorDecoder tensors, Subgraphs subgraphs) {
    this.tensors = tensors;
    this.subgraphs = subgraphs;
  }

  Attribute decode(AttributeProto a, String where) {
    String name = a.getName();
    if (name.isEmpty()) {
      throw new InvalidModelException(where + ": attribute without a name");
    }
    String what = where + ": attribute '" + name + "'";
    AttributeType type = a.hasType() ? a.getType() : guessType(a);
    if (!a.getRefAttrName().isEmpty()) {
      throw new UnsupportedModelException(what + " refers to a function attribute");
    }
    return switch (type) {
      case INT -> Attribute.ofInt(name, a.getI());
      case FLOAT -> Attribute.ofFloat(name, a.getF());
      case STRING -> Attribute.ofString(name, a.getS().toStringUtf8());
      case TENSOR -> Attribute.ofTensor(name, tensors.decode(a.getT(), what));
      case INTS -> {
        long[] v = new long[a.getIntsCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = a.getInts(i);
        }
        yield Attribute.ofInts(name, v);
      }
      case FLOATS -> {
        float[] v = new float[a.getFloatsCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = a.getFloats(i);
        }
        yield Attribute.ofFloats(name, v);
      }
      case STRINGS -> {
        List<String> v = new ArrayList<>();
        a.getStringsList().forEach(s -> v.add(s.toStringUtf8()));
        yield new Attribute(name, Attribute.Kind.STRINGS, v);
      }
      case GRAPH -> Attribute.ofGraph(name, subgraphs.convert(a.getG(), what));
      case UNDEFINED -> throw new InvalidModelException(what + " has no value");
      default -> throw new UnsupportedModelException(what + " of type " + type + " is not supported");
    };
  }

  private static AttributeType guessType(AttributeProto a) {
    if (a.hasT()) {
      return AttributeType.TENSOR;
    }
    if (a.hasG()) {
      return AttributeType.GRAPH;
    }
    if (a.hasS()) {
      return AttributeType.STRING;
    }
    if (a.hasF()) {
      return AttributeType.FLOAT;
    }
    if (a.hasI()) {
      return AttributeType.INT;
    }
    if (a.getFloatsCount() > 0) {
      return AttributeType.FLOATS;
    }
    if (a.getIntsCount() > 0) {
      return AttributeType.INTS;
    }
    if (a.getStringsCount() > 0) {
      return AttributeType.STRINGS;
    }
    return AttributeType.UNDEFINED;
  }
}
