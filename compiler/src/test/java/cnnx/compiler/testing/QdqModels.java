package cnnx.compiler.testing;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.ModelLimits;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.TensorDecoder;
import cnnx.compiler.onnx.TensorFiles;
import cnnx.compiler.onnx.proto.OnnxProtos.GraphProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.onnx.proto.OnnxProtos.NodeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a float CNN into the QDQ form quantization tools export: BatchNormalization folded into
 * the convs, then every Conv wrapped as DequantizeLinear(activation, weights, bias) → Conv →
 * QuantizeLinear → DequantizeLinear, with int8 activations (per tensor, symmetric, scales from the
 * activation ranges of a calibration run on the reference), int8 weights with one scale per output
 * channel (axis 0), and an int32 bias at scale x_scale · w_scale[c]. The rest stays float.
 */
public final class QdqModels {
  private QdqModels() {}

  public static byte[] quantizeConvs(byte[] floatModel, Map<String, Tensor> calibration) {
    ModelProto folded = foldBatchNorm(parse(floatModel));
    Map<String, Float> range = activationRanges(folded.toByteArray(), calibration);
    return wrapConvs(folded, range).toByteArray();
  }

  private static ModelProto parse(byte[] bytes) {
    try {
      return ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Tensor decode(TensorProto t) {
    return new TensorDecoder(ModelLimits.DEFAULT, null).decode(t, "qdq");
  }

  private static Map<String, TensorProto> initializers(GraphProto g) {
    Map<String, TensorProto> m = new HashMap<>();
    g.getInitializerList().forEach(t -> m.put(t.getName(), t));
    return m;
  }

  /** Conv → BatchNormalization (the conv's only reader) becomes one Conv with a bias. */
  static ModelProto foldBatchNorm(ModelProto m) {
    GraphProto g = m.getGraph();
    Map<String, TensorProto> inits = initializers(g);
    Map<String, Integer> readers = new HashMap<>();
    g.getNodeList().forEach(n -> n.getInputList().forEach(i -> readers.merge(i, 1, Integer::sum)));
    Map<String, NodeProto> convByOutput = new HashMap<>();
    g.getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).forEach(n -> convByOutput.put(n.getOutput(0), n));
    Map<String, NodeProto> replaced = new HashMap<>();
    List<NodeProto> dropped = new ArrayList<>();
    GraphProto.Builder out = g.toBuilder().clearNode();
    for (NodeProto bn : g.getNodeList()) {
      NodeProto conv = bn.getOpType().equals("BatchNormalization") ? convByOutput.get(bn.getInput(0)) : null;
      if (conv == null || readers.get(conv.getOutput(0)) != 1) {
        continue;
      }
      Tensor w = decode(inits.get(conv.getInput(1)));
      int oc = w.dim(0);
      int per = w.size() / oc;
      float[] b = conv.getInputCount() > 2 ? decode(inits.get(conv.getInput(2))).floats() : new float[oc];
      float[] s = decode(inits.get(bn.getInput(1))).floats();
      float[] shift = decode(inits.get(bn.getInput(2))).floats();
      float[] mean = decode(inits.get(bn.getInput(3))).floats();
      float[] var = decode(inits.get(bn.getInput(4))).floats();
      float eps = bn.getAttributeList().stream().filter(a -> a.getName().equals("epsilon")).map(a -> a.getF())
          .findFirst().orElse(1e-5f);
      float[] nw = new float[w.size()];
      float[] nb = new float[oc];
      for (int c = 0; c < oc; c++) {
        double k = s[c] / Math.sqrt((double) var[c] + eps);
        for (int i = 0; i < per; i++) {
          nw[c * per + i] = (float) (w.floats()[c * per + i] * k);
        }
        nb[c] = (float) ((b[c] - mean[c]) * k + shift[c]);
      }
      String name = conv.getName().isEmpty() ? conv.getOutput(0) : conv.getName();
      out.addInitializer(TensorFiles.encode(name + "/W_folded", Tensor.ofFloats(w.shape(), nw)));
      out.addInitializer(TensorFiles.encode(name + "/B_folded", Tensor.ofFloats(new int[] {oc}, nb)));
      replaced.put(conv.getOutput(0), conv.toBuilder().clearInput().addInput(conv.getInput(0))
          .addInput(name + "/W_folded").addInput(name + "/B_folded").setOutput(0, bn.getOutput(0)).build());
      dropped.add(bn);
    }
    for (NodeProto n : g.getNodeList()) {
      if (dropped.contains(n)) {
        continue;
      }
      out.addNode(n.getOpType().equals("Conv") ? replaced.getOrDefault(n.getOutput(0), n) : n);
    }
    return m.toBuilder().setGraph(out).build();
  }

  /** The largest |value| of every Conv's input and output in a reference run. */
  private static Map<String, Float> activationRanges(byte[] model, Map<String, Tensor> inputs) {
    Graph g = new OnnxImporter().load(model, "calibration.onnx");
    Map<String, Float> range = new HashMap<>();
    new ReferenceInterpreter().run(g, inputs, (node, in, out) -> {
      if (node.opType().equals("Conv")) {
        range.put(node.input(0), absMax(in.get(0)));
        range.put(node.output(0), absMax(out.get(0)));
      }
    });
    return range;
  }

  private static float absMax(Tensor t) {
    float m = 1e-8f;
    for (float v : t.floats()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static ModelProto wrapConvs(ModelProto m, Map<String, Float> range) {
    GraphProto g = m.getGraph();
    Map<String, TensorProto> inits = initializers(g);
    GraphProto.Builder out = g.toBuilder().clearNode();
    Map<String, String> quantizedInputs = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      if (!n.getOpType().equals("Conv")) {
        out.addNode(n);
        continue;
      }
      String name = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
      String x = n.getInput(0);
      float xs = range.get(x) / 127f;
      String xdq = quantizedInputs.get(x);
      if (xdq == null) {
        xdq = qdq(out, x, xs, x + "/dq");
        quantizedInputs.put(x, xdq);
      }
      Tensor w = decode(inits.get(n.getInput(1)));
      int oc = w.dim(0);
      int per = w.size() / oc;
      float[] ws = new float[oc];
      long[] wq = new long[w.size()];
      for (int c = 0; c < oc; c++) {
        float max = 1e-8f;
        for (int i = 0; i < per; i++) {
          max = Math.max(max, Math.abs(w.floats()[c * per + i]));
        }
        ws[c] = max / 127f;
        for (int i = 0; i < per; i++) {
          wq[c * per + i] = Math.max(-127, Math.min(127, (long) Math.rint(w.floats()[c * per + i] / ws[c])));
        }
      }
      out.addInitializer(TensorFiles.encode(name + "/w_q", Tensor.ofLongs(DataType.INT8, w.shape(), wq)));
      out.addInitializer(TensorFiles.encode(name + "/w_s", Tensor.ofFloats(new int[] {oc}, ws)));
      out.addInitializer(TensorFiles.encode(name + "/w_z", Tensor.zeros(DataType.INT8, new int[] {oc})));
      out.addNode(node("DequantizeLinear", List.of(name + "/w_q", name + "/w_s", name + "/w_z"), name + "/w_dq", true));
      List<String> convIn = new ArrayList<>(List.of(xdq, name + "/w_dq"));
      if (n.getInputCount() > 2) {
        float[] b = decode(inits.get(n.getInput(2))).floats();
        float[] bs = new float[oc];
        long[] bq = new long[oc];
        for (int c = 0; c < oc; c++) {
          bs[c] = xs * ws[c];
          bq[c] = (long) Math.rint(b[c] / bs[c]);
        }
        out.addInitializer(TensorFiles.encode(name + "/b_q", Tensor.ofLongs(DataType.INT32, new int[] {oc}, bq)));
        out.addInitializer(TensorFiles.encode(name + "/b_s", Tensor.ofFloats(new int[] {oc}, bs)));
        out.addNode(node("DequantizeLinear", List.of(name + "/b_q", name + "/b_s"), name + "/b_dq", true));
        convIn.add(name + "/b_dq");
      }
      String y = n.getOutput(0);
      out.addNode(n.toBuilder().clearInput().addAllInput(convIn).setOutput(0, y + "/f").build());
      float ys = range.get(y) / 127f;
      qdqInto(out, y + "/f", ys, y);
    }
    return m.toBuilder().setGraph(out).build();
  }

  /** Adds Q → DQ of {@code x} (int8, zero point 0) producing {@code result}. */
  private static String qdq(GraphProto.Builder g, String x, float scale, String result) {
    qdqInto(g, x, scale, result);
    return result;
  }

  private static void qdqInto(GraphProto.Builder g, String x, float scale, String result) {
    g.addInitializer(TensorFiles.encode(result + "/s", Tensor.scalar(scale)));
    g.addInitializer(TensorFiles.encode(result + "/z", Tensor.ofLongs(DataType.INT8, new int[0], new long[] {0})));
    g.addNode(node("QuantizeLinear", List.of(x, result + "/s", result + "/z"), result + "/q", false));
    g.addNode(node("DequantizeLinear", List.of(result + "/q", result + "/s", result + "/z"), result, false));
  }

  private static NodeProto node(String op, List<String> in, String out, boolean axis0) {
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(out + "/" + op).addAllInput(in).addOutput(out);
    if (axis0) {
      b.addAttribute(attr("axis", 0L));
    }
    return b.build();
  }
}
