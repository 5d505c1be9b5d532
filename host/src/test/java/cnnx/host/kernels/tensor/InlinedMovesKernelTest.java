package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.Launch;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Small data movement computed inside the launches that read it (InlinedMoves), against the reference: ShuffleNet-V2's
 * channel shuffle and split as two launches, a shuffle read by an element op as one, and the cases that keep their
 * own launches (a large shuffle, a Concat reading a Slice).
 */
class InlinedMovesKernelTest {
  /** Concat(a, b) -> Reshape [n, 2, c, h, w] -> Transpose -> Reshape [n, 2c, h, w]: ShuffleNet-V2's shuffle. */
  private static OnnxModelBuilder shuffle(Map<String, Tensor> feeds, int n, int c, int h, int w) {
    OnnxModelBuilder b = model();
    SplittableRandom rnd = new SplittableRandom(c * 7L + h);
    feed(b, feeds, "a", data(rnd, false, n, c, h, w));
    feed(b, feeds, "b", data(rnd, false, n, c, h, w));
    b.initializerLongs("split_shape", new long[] {n, 2, c, h, w}, 5);
    b.initializerLongs("flat_shape", new long[] {n, 2L * c, h, w}, 4);
    b.node("Concat", names("a", "b"), names("cat"), OnnxModelBuilder.attr("axis", 1L));
    b.node("Reshape", names("cat", "split_shape"), names("r1"));
    b.node("Transpose", names("r1"), names("t"), attrInts("perm", 0, 2, 1, 3, 4));
    b.node("Reshape", names("t", "flat_shape"), names("s"));
    return b;
  }

  private static void halves(OnnxModelBuilder b, int c) {
    b.initializerLongs("zero", new long[] {0}, 1);
    b.initializerLongs("half", new long[] {c}, 1);
    b.initializerLongs("all", new long[] {2L * c}, 1);
    b.initializerLongs("axis1", new long[] {1}, 1);
    b.node("Slice", names("s", "zero", "half", "axis1"), names("y1"));
    b.node("Slice", names("s", "half", "all", "axis1"), names("y2"));
  }

  private static List<Launch> launches(OnnxModelBuilder b, Map<String, Tensor> feeds) {
    Map<String, int[]> shapes = new java.util.HashMap<>();
    feeds.forEach((k, v) -> shapes.put(k, v.shape()));
    return new Compiler().compile(new OnnxImporter().load(b.toBytes(), "model.onnx"),
        Compiler.Options.defaults().withInputShapes(shapes)).plan().launches();
  }

  private static String family(Launch l) {
    return l.kernelName().substring(0, l.kernelName().lastIndexOf('_'));
  }

  @Test
  void shuffleAndSplitAreComputedInsideTheSlicesOneLaunch() {
    for (int n : new int[] {1, 2}) {
      Map<String, Tensor> feeds = TensorKernelChecks.feeds();
      OnnxModelBuilder b = shuffle(feeds, n, 6, 3, 5);
      halves(b, 6);
      OnnxModelBuilder done = b.untypedOutputs("y1", "y2");
      check(done, feeds);
      List<Launch> ls = launches(done, feeds);
      // the two Slices of one shape share a launch (SiblingSlicesKernelTest), which names every node it computes
      assertEquals(List.of("slice"), ls.stream().map(InlinedMovesKernelTest::family).toList(), ls.toString());
      assertEquals(List.of("concat_0", "reshape_1", "transpose_2", "reshape_3", "slice_4", "slice_5"),
          ls.get(0).onnxNodes());
      assertEquals(2, ls.get(0).outputs().size());
    }
  }

  @Test
  void aShuffleReadByAnElementOpIsOneLaunchBeforeIt() {
    Map<String, Tensor> feeds = TensorKernelChecks.feeds();
    OnnxModelBuilder b = shuffle(feeds, 1, 4, 4, 4);
    b.node("Relu", names("s"), names("y"));
    OnnxModelBuilder done = b.untypedOutputs("y");
    check(done, feeds);
    List<Launch> ls = launches(done, feeds);
    assertEquals(List.of("transpose", "relu"), ls.stream().map(InlinedMovesKernelTest::family).toList(), ls.toString());
  }

  @Test
  void largeShufflesAndConcatReadersKeepTheirLaunches() {
    Map<String, Tensor> feeds = TensorKernelChecks.feeds();
    OnnxModelBuilder b = shuffle(feeds, 1, 64, 12, 12); // 18,432 elements: over the limit
    halves(b, 64);
    OnnxModelBuilder done = b.untypedOutputs("y1", "y2");
    check(done, feeds);
    assertEquals(List.of("concat", "transpose_blocks", "slice"),
        launches(done, feeds).stream().map(InlinedMovesKernelTest::family).toList());

    Map<String, Tensor> f2 = TensorKernelChecks.feeds();
    OnnxModelBuilder c = model();
    SplittableRandom rnd = new SplittableRandom(5);
    feed(c, f2, "x", data(rnd, false, 1, 8, 3, 3));
    feed(c, f2, "z", data(rnd, false, 1, 4, 3, 3));
    c.initializerLongs("zero", new long[] {0}, 1);
    c.initializerLongs("four", new long[] {4}, 1);
    c.initializerLongs("axis1", new long[] {1}, 1);
    c.node("Slice", names("x", "zero", "four", "axis1"), names("sl"));
    c.node("Concat", names("sl", "z"), names("y"), OnnxModelBuilder.attr("axis", 1L));
    OnnxModelBuilder done2 = c.untypedOutputs("y");
    check(done2, f2);
    assertEquals(List.of("slice", "concat"), launches(done2, f2).stream().map(InlinedMovesKernelTest::family).toList());
  }
}
