package cnnx.compiler.pass;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.QdqModels;
import cnnx.compiler.testing.RandomTensors;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FoldQdqConvTest {
  private static final Tensor X = RandomTensors.normal(new SplittableRandom(3), 1, 3, 8, 8);

  /** Conv → Relu → Conv (both with bias), wrapped in QDQ with scales calibrated on {@link #X}. */
  private static byte[] qdq() {
    SplittableRandom r = new SplittableRandom(8);
    byte[] floatModel = new OnnxModelBuilder().opset(13).input("x", 1L, 3L, 8L, 8L)
        .initializer("w1", RandomTensors.normal(r, 4, 3, 3, 3).floats(), 4, 3, 3, 3)
        .initializer("b1", RandomTensors.normal(r, 4).floats(), 4)
        .initializer("w2", RandomTensors.normal(r, 2, 4, 1, 1).floats(), 2, 4, 1, 1)
        .initializer("b2", RandomTensors.normal(r, 2).floats(), 2)
        .node("Conv", names("x", "w1", "b1"), names("c1"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c1"), names("r1"))
        .node("Conv", names("r1", "w2", "b2"), names("y"))
        .output("y").toBytes();
    return QdqModels.quantizeConvs(floatModel, Map.of("x", X));
  }

  private static Graph fold(Graph g) {
    return new PassManager(List.of(new InferShapes(), new FoldConstants(), new InferShapes(), new FoldQdqConv(),
        new InferShapes()), true, null).run(g);
  }

  private static List<String> ops(Graph g) {
    return g.nodes().stream().map(Node::opType).toList();
  }

  // Intent: each DQ/Conv/Q group becomes one QLinearConv reading the int8 activation; the weights'
  // and bias's DequantizeLinear go with it; only the graph output's final DequantizeLinear is left.
  @Test
  void qdqConvsBecomeQLinearConvs() {
    Graph g = fold(new OnnxImporter().load(qdq(), "qdq.onnx"));
    assertEquals(List.of("QuantizeLinear", "QLinearConv", "DequantizeLinear", "Relu", "QuantizeLinear",
        "QLinearConv", "DequantizeLinear"), ops(g));
    assertTrue(g.nodes().get(1).sourceNodes().size() >= 4, g.nodes().get(1).sourceNodes().toString());
  }

  // Intent (negative): a bias at a scale other than x_scale * w_scale would not add exactly: no fold.
  @Test
  void biasAtAnotherScaleIsNotFolded() throws Exception {
    ModelProto m = ModelProto.newBuilder().mergeFrom(qdq()).build();
    var graph = m.getGraph().toBuilder();
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto t = graph.getInitializer(i);
      if (t.getName().endsWith("/b_s")) {
        Tensor s = new cnnx.compiler.onnx.TensorDecoder(cnnx.compiler.onnx.ModelLimits.DEFAULT, null).decode(t, "b_s");
        float[] doubled = s.floats().clone();
        for (int c = 0; c < doubled.length; c++) {
          doubled[c] *= 2;
        }
        graph.setInitializer(i, cnnx.compiler.onnx.TensorFiles.encode(t.getName(), Tensor.ofFloats(s.shape(), doubled)));
      }
    }
    Graph g = fold(new OnnxImporter().load(m.toBuilder().setGraph(graph).build().toByteArray(), "qdq.onnx"));
    assertEquals(0, ops(g).stream().filter("QLinearConv"::equals).count(), ops(g).toString());
  }

  // Exact integer sums replace float products: results within one output quantization step.
  @Test
  void foldingKeepsTheNumbersWithinOneStep() {
    Graph g = new OnnxImporter().load(qdq(), "qdq.onnx");
    Tensor before = new ReferenceInterpreter().run(g, Map.of("x", X)).get("y");
    Tensor after = new ReferenceInterpreter().run(fold(g), Map.of("x", X)).get("y");
    float step = 0;
    for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
      if (e.getKey().startsWith("y/s")) {
        step = e.getValue().floats()[0];
      }
    }
    assertTrue(step > 0, "the output's quantization scale");
    for (int i = 0; i < before.size(); i++) {
      assertTrue(Math.abs(before.floats()[i] - after.floats()[i]) <= step * 1.001f,
          "element " + i + ": " + before.floats()[i] + " vs " + after.floats()[i] + ", step " + step);
    }
  }
}
