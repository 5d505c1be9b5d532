package cnnx.compiler.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.pass.PassManager;
import cnnx.compiler.testing.SmallCnn;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Running a graph stage by stage, values passed between stages by name, gives exactly the whole graph's outputs. */
class GraphStagesTest {
  static Graph shaped() {
    Graph imported = new OnnxImporter().load(SmallCnn.model(), "small-cnn");
    return new PassManager(Compiler.frontEnd(Compiler.Options.defaults()), true, null).run(imported);
  }

  static Map<String, Tensor> input() {
    Random r = new Random(3);
    float[] x = new float[3 * 16 * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return Map.of("x", Tensor.ofFloats(new int[] {1, 3, 16, 16}, x));
  }

  @Test
  void everyCutGivesTheWholeGraphsOutputs() {
    Graph g = shaped();
    ReferenceInterpreter interp = new ReferenceInterpreter();
    float[] whole = interp.run(g, input()).get("y").floats();
    for (int a = 1; a < g.nodes().size(); a++) {
      for (List<Integer> cuts : List.of(List.of(a), a + 2 < g.nodes().size() ? List.of(a, a + 2) : List.of(a))) {
        List<GraphStages.Stage> stages = GraphStages.split(g, cuts);
        assertEquals(cuts.size() + 1, stages.size());
        Map<String, Tensor> values = new HashMap<>(input());
        for (GraphStages.Stage s : stages) {
          Map<String, Tensor> in = new LinkedHashMap<>();
          s.inputs().forEach(v -> in.put(v, values.get(v)));
          values.putAll(interp.run(s.graph(), in));
        }
        assertArrayEquals(whole, values.get("y").floats(), "cut at " + cuts);
      }
    }
  }

  @Test
  void aResidualValueCrossesTheCutWithTheMainOne() {
    Graph g = shaped();
    int afterPool = 3; // Conv, Relu, MaxPool | Conv, Add(p1) ...
    GraphStages.Stage second = GraphStages.split(g, List.of(afterPool)).get(1);
    assertEquals(List.of("p1"), second.inputs());
    GraphStages.Stage first = GraphStages.split(g, List.of(afterPool + 1)).get(0);
    assertEquals(List.of("p1", "c2"), first.outputs(), "the Add after the cut reads both");
  }

  @Test
  void cutsMustIncreaseInsideTheGraph() {
    Graph g = shaped();
    assertThrows(IllegalArgumentException.class, () -> GraphStages.split(g, List.of(0)));
    assertThrows(IllegalArgumentException.class, () -> GraphStages.split(g, List.of(4, 4)));
    assertThrows(IllegalArgumentException.class, () -> GraphStages.split(g, List.of(g.nodes().size())));
  }

  /** A load-time launch (no work per run) comes first in a plan but does not pull the cut past its node. */
  @Test
  void aLoadTimeLaunchDoesNotMoveTheCut() {
    Graph g = shaped();
    String first = g.nodes().get(0).name();
    String last = g.nodes().get(g.nodes().size() - 1).name();
    LaunchWork load = new LaunchWork(0, "constantofshape_0123456789", "constantofshape", List.of(last), 0, 0, 0,
        List.of(), List.of(), java.util.Optional.empty());
    LaunchWork conv = new LaunchWork(1, "conv_0123456789", "conv", List.of(first), 1000, 400, 400, List.of(),
        List.of(), java.util.Optional.empty());
    assertEquals(1, GraphStages.cutAfterLaunches(g, List.of(load, conv), 2));
    LaunchWork perRun = new LaunchWork(0, "add_0123456789", "add", List.of(last), 0, 4, 4, List.of(), List.of(),
        java.util.Optional.empty());
    assertEquals(g.nodes().size(), GraphStages.cutAfterLaunches(g, List.of(perRun, conv), 2));
  }
}
