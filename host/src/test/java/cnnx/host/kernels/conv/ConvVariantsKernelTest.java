package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.Target;
import cnnx.boards.TargetPresets;
import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.Tuning;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kernel variant a conv block offers the tuner ({@code Tuning}) computes the block: each trial's plan, for a CPU
 * and a GPU target, runs on the device against the reference. Blocks: 1x1 over a large plane (pointwise and direct
 * blockings), a wide 3x3 stride 1 (Winograd), a strided 3x3 with a fused max pool, a grouped conv, a first layer of
 * three channels (the small-channel template), a 1-D conv and one with a residual Add, depthwise convs (vector
 * widths and rows per work-item) of stride 1 and 2; channel counts that fill no vector.
 */
class ConvVariantsKernelTest {
  private static final Target GPU = TargetPresets.find("nvidia/h100-sxm").orElseThrow();

  private final Map<String, Tensor> feeds = new HashMap<>();

  /** x (1 x c x h x w) → Conv k x k (stride s, group g, pads p) → Relu [→ MaxPool 2x2/2] [→ Add skip]. */
  private byte[] block(int n, int c, int h, int w, int m, int k, int s, int g, int p, String tail) {
    SplittableRandom rnd = new SplittableRandom(c * 31L + m * 7L + k);
    OnnxModelBuilder b = Models.model();
    boolean oneD = h == 0;
    feeds.put("x", oneD ? Models.input(b, rnd, "x", n, c, w) : Models.input(b, rnd, "x", n, c, h, w));
    if (oneD) {
      Models.weight(b, rnd, "w", m, c / g, k);
    } else {
      Models.weight(b, rnd, "w", m, c / g, k, k);
    }
    Models.weight(b, rnd, "b", m);
    b.node("Conv", names("x", "w", "b"), names("y"), attr("group", (long) g),
        oneD ? attrInts("kernel_shape", k) : attrInts("kernel_shape", k, k),
        oneD ? attrInts("strides", s) : attrInts("strides", s, s),
        oneD ? attrInts("pads", p, p) : attrInts("pads", p, p, p, p));
    b.node("Relu", names("y"), names("r"));
    switch (tail) {
      case "pool" -> {
        b.node("MaxPool", names("r"), names("z"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2));
        return b.output("z").toBytes();
      }
      case "add" -> {
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (w + 2 * p - k) / s + 1;
        feeds.put("skip", Models.input(b, rnd, "skip", n, m, oh, ow));
        b.node("Add", names("r", "skip"), names("z"));
        return b.output("z").toBytes();
      }
      default -> {
        return b.output("r").toBytes();
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    // n, c, h (0: a 1-D conv), w, m, k, stride, group, pad, tail
    "1, 48, 30, 30, 72, 1, 1, 1, 0, ''",
    "1, 128, 9, 11, 136, 3, 1, 1, 1, add",
    "2, 20, 17, 19, 40, 3, 2, 1, 1, pool",
    "1, 24, 13, 13, 36, 3, 1, 4, 1, ''",
    "1, 3, 31, 33, 24, 3, 2, 1, 1, ''",
    "1, 12, 0, 50, 20, 5, 1, 1, 2, ''",
    "1, 32, 14, 15, 32, 3, 1, 32, 1, ''",
    "2, 24, 13, 17, 24, 3, 2, 24, 1, add",
  })
  void everyVariantMatchesTheReference(int n, int c, int h, int w, int m, int k, int s, int g, int p, String tail) {
    OpenClHarness.requireDevice();
    Graph graph = FusedRunner.load(block(n, c, h, w, m, k, s, g, p, tail));
    Map<String, Tensor> expected = new ReferenceInterpreter().run(graph, feeds);
    Map<String, int[]> shapes = new TreeMap<>();
    feeds.forEach((name, v) -> shapes.put(name, v.shape()));
    for (Target t : List.of(Compiler.GENERIC_CPU, GPU)) {
      Compiler.Options o = Compiler.Options.defaults().withInputShapes(shapes);
      List<Tuning.Offer> offers = new Compiler().compile(graph, t, o.withTuning(Tuning.trial(0))).tuned();
      assertEquals(1, offers.size(), t.id() + ": one conv block, one offer: " + offers);
      List<String> variants = offers.get(0).variants();
      assertTrue(variants.size() >= 2, t.id() + ": " + variants);
      assertEquals(variants.size(), new HashSet<>(variants).size(), "variant names are distinct: " + variants);
      Set<String> kernels = new HashSet<>();
      for (int i = 0; i < variants.size(); i++) {
        Compiler.Compiled c2 = new Compiler().compile(graph, t, o.withTuning(Tuning.trial(i)));
        assertEquals(variants.get(i), c2.tuned().get(0).choice());
        kernels.add(c2.plan().launches().stream().map(l -> c2.plan().programs().get(l.program()).source())
            .reduce("", String::concat));
        try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), c2.plan(),
            KernelBinaryCache.atDefaultLocation())) {
          Map<String, Tensor> actual = e.run(feeds).outputs();
          String what = t.id() + " variant " + variants.get(i);
          expected.forEach((name, v) -> TensorAssert.assertClose(v, actual.get(name), Models.RTOL, Models.ATOL,
              name + " " + what));
        }
      }
      assertEquals(variants.size(), kernels.size(), t.id() + ": each variant is other code: " + variants);
    }
  }

  @ParameterizedTest
  @CsvSource({"pointwise, 128, 1, 0", "winograd, 64, 3, 1"})
  void aTableChoiceIsEmittedAndAStaleOneIgnored(String variant, int c, int k, int p) {
    Graph graph = FusedRunner.load(block(1, c, 30, 30, c, k, 1, 1, p, ""));
    Map<String, int[]> shapes = new TreeMap<>();
    feeds.forEach((name, v) -> shapes.put(name, v.shape()));
    Compiler.Options o = Compiler.Options.defaults().withInputShapes(shapes);
    Tuning.Offer rules = new Compiler().compile(graph, o.withTuning(Tuning.trial(0))).tuned().get(0);
    assertFalse(rules.choice().equals(variant), "the rules take another variant here: " + rules);
    assertTrue(rules.variants().contains(variant), rules.toString());

    Compiler.Compiled tuned = new Compiler().compile(graph, o.withTuning(Tuning.of(Map.of(rules.key(), variant))));
    assertEquals(variant, tuned.tuned().get(0).choice());
    assertTrue(tuned.tuned().get(0).fromTable());
    String kernels = String.join(" ", tuned.plan().launches().stream().map(l -> l.kernelName()).toList());
    assertTrue(kernels.contains(variant.equals("pointwise") ? "pwconv" : "wino"), kernels);

    Compiler.Compiled stale = new Compiler().compile(graph, o.withTuning(Tuning.of(Map.of(rules.key(), "direct 99x9 xb1",
        "conv of another model", variant))));
    assertEquals(rules.choice(), stale.tuned().get(0).choice(), "a name the lowering does not offer is ignored");
    assertFalse(stale.tuned().get(0).fromTable());
  }
}
