package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
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
import cnnx.kernels.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outputs of one shape computed in one launch: sibling Slices of one value (a channel split, also of an inlined
 * channel shuffle) and a Split into equal parts. Each model runs against the reference (fused and unfused), and the
 * fused plan is checked for how many launches write the outputs.
 */
class SiblingSlicesKernelTest {
  /** ShuffleNet-V2's shuffle and split: Reshape, Transpose, Reshape, then two Slices halving the channels. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void shuffleThenSplitIsOneLaunch(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = rnd.nextInt(1, 3);
    int half = 2 * rnd.nextInt(1, 5);
    int h = rnd.nextInt(1, 6);
    int w = rnd.nextInt(1, 6);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, n, 2 * half, h, w));
    b.initializerLongs("s1", new long[] {n, 2, half, h, w}, 5);
    b.initializerLongs("s2", new long[] {n, 2 * half, h, w}, 4);
    b.node("Reshape", names("x", "s1"), names("r1"));
    b.node("Transpose", names("r1"), names("t"), attrInts("perm", 0, 2, 1, 3, 4));
    b.node("Reshape", names("t", "s2"), names("r2"));
    slice(b, "r2", "a", 0, half, 1);
    b.node("Relu", names("a"), names("ya"));
    slice(b, "r2", "bb", half, 2 * half, 1);
    b.node("Sigmoid", names("bb"), names("yb"));
    check(b.untypedOutputs("ya", "yb"), feeds);
    assertEquals(1, writersOf(b, feeds, "a", "bb"), "one launch computes both halves");
  }

  /**
   * Three Slices of one value: the two of one shape (one with a negative step) share a launch, the third of
   * another shape has its own; a Slice of another value is never joined.
   */
  @Test
  void onlySlicesOfOneValueAndShapeShareALaunch() {
    SplittableRandom rnd = new SplittableRandom(7);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, 2, 6, 5));
    feed(b, feeds, "z", data(rnd, false, 2, 6, 5));
    slice(b, "x", "p", 0, 2, 1);
    slice(b, "x", "q", 2, 4, 1);
    b.initializerLongs("st_r", new long[] {5}, 1);
    b.initializerLongs("en_r", new long[] {2}, 1);
    b.initializerLongs("ax_r", new long[] {1}, 1);
    b.initializerLongs("sp_r", new long[] {-2}, 1);
    b.node("Slice", names("x", "st_r", "en_r", "ax_r", "sp_r"), names("r"));
    slice(b, "x", "wide", 0, 5, 1);
    slice(b, "z", "other", 0, 2, 1);
    check(b.untypedOutputs("p", "q", "r", "wide", "other"), feeds);
    assertEquals(1, writersOf(b, feeds, "p", "q", "r"));
    assertEquals(2, writersOf(b, feeds, "p", "wide"));
    assertEquals(2, writersOf(b, feeds, "p", "other"));
  }

  /** int64 data: the shared kernel stores longs to both outputs. */
  @Test
  void longSlices() {
    SplittableRandom rnd = new SplittableRandom(3);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, true, 3, 8));
    slice(b, "x", "lo", 0, 4, 1);
    slice(b, "x", "hi", 4, 8, 1);
    check(b.untypedOutputs("lo", "hi"), feeds);
    assertEquals(1, writersOf(b, feeds, "lo", "hi"));
  }

  /** A Split into equal parts is one launch; unequal parts one launch per shape. */
  @Test
  void splitIntoEqualPartsIsOneLaunch() {
    SplittableRandom rnd = new SplittableRandom(5);
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x", data(rnd, false, 1, 9, 4, 3));
    b.node("Split", names("x"), names("e0", "e1", "e2"), attr("axis", 1L));
    b.initializerLongs("sizes", new long[] {2, 5, 2}, 3);
    b.node("Split", names("x", "sizes"), names("u0", "u1", "u2"), attr("axis", 1L));
    check(b.untypedOutputs("e0", "e1", "e2", "u0", "u1", "u2"), feeds);
    assertEquals(1, writersOf(b, feeds, "e0", "e1", "e2"));
    assertEquals(2, writersOf(b, feeds, "u0", "u1", "u2"));
  }

  private static void slice(OnnxModelBuilder b, String in, String out, long start, long end, long axis) {
    b.initializerLongs(out + "_st", new long[] {start}, 1);
    b.initializerLongs(out + "_en", new long[] {end}, 1);
    b.initializerLongs(out + "_ax", new long[] {axis}, 1);
    b.node("Slice", names(in, out + "_st", out + "_en", out + "_ax"), names(out));
  }

  /** How many launches of the fused plan write the given values. */
  private static long writersOf(OnnxModelBuilder b, Map<String, Tensor> feeds, String... values) {
    Map<String, int[]> shapes = new TreeMap<>();
    feeds.forEach((k, v) -> shapes.put(k, v.shape()));
    Plan plan = new Compiler().compile(new OnnxImporter().load(b.toBytes(), "model.onnx"),
        Compiler.Options.defaults().withInputShapes(shapes)).plan();
    List<String> wanted = List.of(values);
    return plan.launches().stream().filter(l -> writes(plan, l, wanted)).count();
  }

  private static boolean writes(Plan plan, Launch l, List<String> values) {
    return l.outputs().stream().anyMatch(id -> values.contains(plan.buffers().get(id).value()));
  }
}
