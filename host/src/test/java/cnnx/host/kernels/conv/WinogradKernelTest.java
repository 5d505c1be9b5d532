package cnnx.host.kernels.conv;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.codegen.Winograd;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.TensorAssert;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.exec.OpenClExecutable;
import cnnx.host.testing.OpenClHarness;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 3x3 stride-1 convs as Winograd F(2x2, 3x3) (input transform, 16 GEMMs, output transform with the
 * fused epilogue) on the device against the reference interpreter, with the conv tolerance of
 * {@link Models}: odd and even sizes, pads 0 to 2 and uneven ones, channel counts off the vector
 * width, batch 2, Relu and residual Add, a Concat slice; and where the compiler chooses it.
 */
class WinogradKernelTest {
  private final SplittableRandom rnd = new SplittableRandom(2302);
  private final Map<String, Tensor> feeds = new HashMap<>();

  /** x (n x c x h x w), then a 3x3 Conv to m channels named "c" with pads (top, left, bottom, right). */
  private OnnxModelBuilder conv(int n, int c, int h, int w, int m, long[] pads, boolean bias) {
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", n, c, h, w));
    Models.weight(b, rnd, "w", m, c, 3, 3);
    if (bias) {
      Models.weight(b, rnd, "b", m);
    }
    b.node("Conv", bias ? names("x", "w", "b") : names("x", "w"), names("c"), attrInts("pads", pads));
    return b;
  }

  private static Compiler.Compiled compile(byte[] model, Map<String, Tensor> inputs, Winograd mode) {
    Map<String, int[]> shapes = new TreeMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    return new Compiler(KernelLibrary.standard(mode)).compile(FusedRunner.load(model),
        Compiler.Options.defaults().withInputShapes(shapes).withVerifyIr(true));
  }

  /** Compiles with Winograd always on, checks it was used, runs on the device and compares with the reference. */
  private Plan assertWinogradMatches(byte[] model) {
    OpenClHarness.requireDevice();
    Plan plan = compile(model, feeds, Winograd.ALWAYS).plan();
    assertTrue(plan.launches().stream().anyMatch(l -> l.kernelName().startsWith("wino_out")),
        "no Winograd launch: " + plan.launches());
    Graph g = FusedRunner.load(model);
    Map<String, Tensor> expected = new ReferenceInterpreter().run(g, feeds);
    Map<String, Tensor> actual;
    try (OpenClExecutable e = OpenClExecutable.load(OpenClHarness.context(), plan, KernelBinaryCache.atDefaultLocation())) {
      actual = e.run(feeds).outputs();
    }
    expected.forEach((name, t) -> TensorAssert.assertClose(t, actual.get(name), Models.RTOL, Models.ATOL, name));
    return plan;
  }

  private static long[] pads(String text) {
    return Arrays.stream(text.split("/")).mapToLong(Long::parseLong).toArray();
  }

  /**
   * Sizes around the tile and vector edges: odd and even H and W (a last tile half outside), rows of more
   * tiles than one vector (first, middle and last blocks), a 3x3 input with no padding (one output), channels
   * not multiples of 16 (padded GEMM blocks) and above 64 (several), batch 2, with and without bias.
   */
  @ParameterizedTest
  @CsvSource({
      "1, 5, 9, 11, 7, 1/1/1/1, true", "2, 20, 10, 13, 24, 1/1/1/1, true", "1, 17, 8, 8, 33, 0/0/0/0, false",
      "1, 3, 7, 6, 5, 2/2/2/2, true", "1, 16, 31, 37, 40, 0/1/2/0, true", "1, 8, 3, 3, 16, 0/0/0/0, true",
      "1, 4, 5, 70, 9, 1/1/1/1, false", "2, 70, 14, 14, 130, 1/1/1/1, true", "1, 6, 12, 40, 18, 2/0/1/2, true",
      "1, 9, 4, 4, 3, 1/2/0/2, true"})
  void matchesReference(int n, int c, int h, int w, int m, String pads, boolean bias) {
    assertWinogradMatches(conv(n, c, h, w, m, pads(pads), bias).output("c").toBytes());
  }

  /**
   * 256 to 160 channels on a 6x6 plane: 2.6 MB of transformed weights, each meeting 9 tiles, so the products ask
   * for them ahead (the pfAhead argument, its last), which must leave the sums as they were.
   */
  @Test
  void weightsAskedAheadLeaveTheSums() {
    Plan plan = assertWinogradMatches(conv(1, 256, 6, 6, 160, pads("1/1/1/1"), true).output("c").toBytes());
    Launch gemm = plan.launches().stream().filter(l -> l.kernelName().startsWith("wino_gemm")).findFirst()
        .orElseThrow();
    assertEquals(16, ((cnnx.kernels.plan.KernelArg.Int) gemm.args().get(gemm.args().size() - 1)).value());
  }

  /** Bias, folded BatchNormalization and Relu applied in the output transform. */
  @Test
  void batchNormRelu() {
    OnnxModelBuilder b = conv(2, 12, 9, 10, 20, pads("1/1/1/1"), true);
    for (String p : new String[] {"scale", "shift", "mean"}) {
      Models.weight(b, rnd, p, 20);
    }
    b.initializer("var", cnnx.compiler.testing.RandomTensors.uniform(rnd, 0.5f, 2f, 20).floats(), 20);
    b.node("BatchNormalization", names("c", "scale", "shift", "mean", "var"), names("bn"));
    b.node("Relu", names("bn"), names("y")).output("y");
    Plan plan = assertWinogradMatches(b.toBytes());
    Launch out = plan.launches().stream().filter(l -> l.kernelName().startsWith("wino_out")).findFirst().orElseThrow();
    assertEquals(3, out.onnxNodes().size(), out.onnxNodes().toString());
  }

  /** ResNet's residual block end: Add of the skip input, then Relu, in the output transform. */
  @Test
  void residualAddRelu() {
    OnnxModelBuilder b = conv(2, 19, 11, 9, 19, pads("1/1/1/1"), true);
    feeds.put("skip", Models.input(b, rnd, "skip", 2, 19, 11, 9));
    b.node("Add", names("c", "skip"), names("sum"));
    b.node("Relu", names("sum"), names("y")).output("y");
    assertWinogradMatches(b.toBytes());
  }

  /**
   * Two residual blocks of other sizes (rows of 7 and 3 tiles, both one 8-lane block) build one input-transform and
   * one output-transform program between them: the geometry, and the residual's index, come at run time.
   */
  @Test
  void layersOfOtherSizesShareThePrograms() {
    OnnxModelBuilder b = Models.model();
    for (String s : new String[] {"1", "2"}) {
      int size = s.equals("1") ? 13 : 6;
      feeds.put("x" + s, Models.input(b, rnd, "x" + s, 2, 10, size, size));
      Models.weight(b, rnd, "w" + s, 10, 10, 3, 3);
      Models.weight(b, rnd, "b" + s, 10);
      b.node("Conv", names("x" + s, "w" + s, "b" + s), names("c" + s), attrInts("pads", 1, 1, 1, 1));
      b.node("Add", names("c" + s, "x" + s), names("sum" + s));
      b.node("Relu", names("sum" + s), names("y" + s)).output("y" + s);
    }
    Plan plan = assertWinogradMatches(b.toBytes());
    for (String kind : new String[] {"wino_in", "wino_out"}) {
      assertEquals(1, plan.launches().stream().filter(l -> l.kernelName().startsWith(kind)).map(Launch::kernelName)
          .distinct().count(), kind + ": " + plan.launches());
    }
  }

  /** Two Winograd convs writing their channel slices of one Concat output. */
  @Test
  void concatSlices() {
    OnnxModelBuilder b = Models.model();
    feeds.put("x", Models.input(b, rnd, "x", 2, 6, 7, 9));
    Models.weight(b, rnd, "wa", 10, 6, 3, 3);
    Models.weight(b, rnd, "wb", 21, 6, 3, 3);
    b.node("Conv", names("x", "wa"), names("a"), attrInts("pads", 1, 1, 1, 1));
    b.node("Conv", names("x", "wb"), names("bc"), attrInts("pads", 1, 1, 1, 1));
    b.node("Relu", names("bc"), names("bb"));
    b.node("Concat", names("a", "bb"), names("y"), attr("axis", 1L)).output("y");
    Plan plan = assertWinogradMatches(b.toBytes());
    assertTrue(plan.launches().stream().noneMatch(l -> l.kernelName().startsWith("concat")), plan.launches().toString());
  }

  /**
   * Where the compiler chooses it: on a 16-lane CPU target, AUTO takes a 128-channel 3x3/1 conv and leaves a
   * 64-channel one, a strided one, a 5x5 one and a 512-channel one of 16 tiles (its weights streamed) to the direct
   * template; OFF never takes it. Its two scratch
   * buffers are plan buffers (so memory planning and --memory-limit count them).
   */
  @Test
  void chosenWhereItGains() {
    assertEquals(3, winogradLaunches(conv(1, 128, 14, 14, 128, pads("1/1/1/1"), true).output("c").toBytes(), Winograd.AUTO));
    assertEquals(0, winogradLaunches(conv(1, 128, 14, 14, 128, pads("1/1/1/1"), true).output("c").toBytes(), Winograd.OFF));
    assertEquals(0, winogradLaunches(conv(1, 64, 56, 56, 64, pads("1/1/1/1"), true).output("c").toBytes(), Winograd.AUTO));
    OnnxModelBuilder strided = Models.model();
    feeds.put("x", Models.input(strided, rnd, "x", 1, 128, 14, 14));
    Models.weight(strided, rnd, "w", 128, 128, 3, 3);
    strided.node("Conv", names("x", "w"), names("c"), attrInts("pads", 1, 1, 1, 1), attrInts("strides", 2, 2)).output("c");
    assertEquals(0, winogradLaunches(strided.toBytes(), Winograd.ALWAYS));
    OnnxModelBuilder five = Models.model();
    feeds.put("x", Models.input(five, rnd, "x", 1, 128, 14, 14));
    Models.weight(five, rnd, "w", 128, 128, 5, 5);
    five.node("Conv", names("x", "w"), names("c"), attrInts("pads", 2, 2, 2, 2)).output("c");
    assertEquals(0, winogradLaunches(five.toBytes(), Winograd.ALWAYS));
    // 512 channels on 7x7: at batch 1 (16 tiles) the direct template streams the weights, at batch 2 Winograd
    assertEquals(0, winogradLaunches(conv(1, 512, 7, 7, 512, pads("1/1/1/1"), true).output("c").toBytes(), Winograd.AUTO));
    assertEquals(3, winogradLaunches(conv(2, 512, 7, 7, 512, pads("1/1/1/1"), true).output("c").toBytes(), Winograd.AUTO));

    Plan plan = compile(conv(1, 128, 14, 14, 128, pads("1/1/1/1"), true).output("c").toBytes(), feeds, Winograd.AUTO).plan();
    long scratch = plan.buffers().stream().filter(s -> s.value().startsWith("scratch:winograd"))
        .mapToLong(BufferSpec::bytes).sum();
    // 16 x 128 channels x 49 tiles each for V and M, plus their plane padding
    assertTrue(scratch >= 2L * 16 * 128 * 49 * 4, "scratch " + scratch + " in " + plan.buffers());
  }

  private int winogradLaunches(byte[] model, Winograd mode) {
    Plan plan = compile(model, feeds, mode).plan();
    return (int) plan.launches().stream().filter(l -> l.kernelName().startsWith("wino_")).count();
  }

  /** The standard library's mode: -Dcnnx.winograd=off|auto|always, AUTO unset, anything else refused by name. */
  @Test
  void modeFromProperty() {
    String old = System.getProperty(Winograd.PROPERTY);
    try {
      System.clearProperty(Winograd.PROPERTY);
      assertEquals(Winograd.AUTO, Winograd.fromProperty());
      System.setProperty(Winograd.PROPERTY, "Off");
      assertEquals(Winograd.OFF, Winograd.fromProperty());
      System.setProperty(Winograd.PROPERTY, "sometimes");
      assertTrue(assertThrows(cnnx.compiler.error.InvalidModelException.class, Winograd::fromProperty).getMessage().contains("sometimes"));
    } finally {
      if (old == null) {
        System.clearProperty(Winograd.PROPERTY);
      } else {
        System.setProperty(Winograd.PROPERTY, old);
      }
    }
  }
}
