package cnnx.host.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.Target;
import cnnx.compiler.Compiler;
import cnnx.compiler.codegen.Tuning;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.host.device.Device;
import cnnx.host.device.DeviceRegistry;
import cnnx.host.testing.OpenClHarness;
import cnnx.host.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auto-tuner on the OpenCL device, and its table store. */
class TunerTest {
  @TempDir
  Path dir;

  @Test
  void measuresEveryVariantOfEveryLayerAndKeepsOnlyVerifiedFasterChoices() {
    OpenClHarness.requireDevice();
    DeviceRegistry registry = DeviceRegistry.discover();
    Device device = registry.resolve("opencl:0");
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    TuningStore store = new TuningStore(dir.resolve("tuning"));
    List<String> progress = new ArrayList<>();
    Tuner.Result r = new Tuner(registry, store).tune(g, device, Compiler.Options.defaults(), 3, 600, progress::add);

    List<Tuning.Offer> offers = new Compiler().compile(g, device.target().orElseThrow(),
        Compiler.Options.defaults().withTuning(Tuning.trial(0))).tuned();
    assertEquals(offers.stream().map(Tuning.Offer::key).distinct().toList(),
        r.layers().stream().map(Tuner.Layer::key).toList(), "one row per layer key, in plan order");
    assertEquals(r.trials(), r.trialsRun());
    assertTrue(r.refused().isEmpty(), r.refused().toString());
    for (Tuner.Layer l : r.layers()) {
      assertEquals(offers.stream().filter(o -> o.key().equals(l.key())).findFirst().orElseThrow().variants(),
          l.variants().stream().map(Tuner.Variant::name).toList());
      assertTrue(l.variants().stream().allMatch(v -> v.ms() > 0), "every variant was timed: " + l);
      assertTrue(l.chosen().equals(l.rules().name()) || l.best().ms() < l.rules().ms() * (1 - Tuner.MARGIN), l.toString());
    }
    assertTrue(progress.stream().anyMatch(p -> p.startsWith("trial " + r.trials() + " of " + r.trials())), progress.toString());
    Target t = device.target().orElseThrow();
    if (r.table() != null) {
      assertTrue(r.tunedDeviceMs() < r.rulesDeviceMs() * (1 - Tuner.MARGIN / 5),
          "kept only when the whole tuned plan measured faster");
      assertTrue(r.note().isEmpty());
      Map<String, String> kept = store.get(t).table();
      r.layers().forEach(l -> assertEquals(l.chosen(), kept.get(l.key())));
    } else {
      assertFalse(r.note().isEmpty());
      assertTrue(store.get(t).isEmpty());
    }
  }

  /** A layer is timed with what follows it up to and including the next tuned layer's own launches. */
  @Test
  void aLayersWindowReachesThroughTheNextTunedLayer() {
    Graph g = new OnnxImporter().load(TestModels.twoBlocks(), "two-blocks.onnx");
    Compiler.Compiled c = new Compiler().compile(g, Compiler.Options.defaults().withTuning(Tuning.trial(0)));
    List<String> heads = c.tuned().stream().map(o -> o.onnxNodes().get(0)).toList();
    assertEquals(2, heads.size());
    var launches = c.plan().launches();
    int first = c.plan().loadLaunches();
    // per run: the first conv block, its max pool (a launch of its own on CPUs after a 3-channel conv), the
    // second block, then the global pool (untuned)
    assertEquals(4, launches.size() - first, launches.toString());
    assertTrue(launches.get(first).onnxNodes().contains(heads.get(0)));
    assertTrue(launches.get(first + 2).onnxNodes().contains(heads.get(1)));
    double[] seconds = new double[launches.size()];
    seconds[first] = 1;
    seconds[first + 1] = 1000;
    seconds[first + 2] = 10;
    seconds[first + 3] = 100;
    double[] w = Tuner.windows(c.plan(), seconds, heads);
    assertEquals(1011, w[0], 1e-12, "the first block, the untuned pool after it and the second's own launch");
    assertEquals(110, w[1], 1e-12, "the second block and the pool after it");
    assertTrue(Double.isNaN(Tuner.windows(c.plan(), seconds, List.of(heads.get(0), "no such node"))[1]));
  }

  @Test
  void aVariantReplacesTheRulesOnlyWhenClearlyFaster() {
    assertEquals(0, Tuner.pick(new double[] {1.0, 0.97, Double.NaN}), "within the margin: the rules' variant");
    assertEquals(2, Tuner.pick(new double[] {1.0, 0.9, 0.5}));
    assertEquals(0, Tuner.pick(new double[] {Double.NaN, 0.1}), "the rules' variant unmeasured: nothing to beat");
    assertEquals(1, Tuner.pick(new double[] {1.0, 0.8, Double.NaN}));
  }

  @Test
  void aTunedPlanMustWinTheMedianAndAllRoundsButOne() {
    assertTrue(Tuner.faster(new double[] {10, 10, 10, 10, 10}, new double[] {9, 9, 11, 9, 9}));
    assertFalse(Tuner.faster(new double[] {10, 10, 10, 10, 10}, new double[] {9, 9, 11, 11, 9}), "two rounds lost");
    assertFalse(Tuner.faster(new double[] {10, 10, 10, 10, 10}, new double[] {9.95, 9.95, 9.95, 9.95, 9.95}),
        "within a fifth of the margin");
  }

  @Test
  void aMismatchNamesTheOutput() {
    Tensor e = Tensor.ofFloats(new int[] {3}, new float[] {1, 2, 3});
    assertNull(Tuner.mismatch(Map.of("y", e), Map.of("y", Tensor.ofFloats(new int[] {3}, new float[] {1, 2, 3.0001f}))));
    String m = Tuner.mismatch(Map.of("y", e), Map.of("y", Tensor.ofFloats(new int[] {3}, new float[] {1, 2.5f, 3})));
    assertNotNull(m);
    assertTrue(m.contains("output y") && m.contains("element 1"), m);
    assertTrue(Tuner.mismatch(Map.of("y", e), Map.of()).contains("no output"));
  }

  @Test
  void tablesAreMergedPerDeviceAndADamagedOneReadsAsNone() throws Exception {
    TuningStore store = new TuningStore(dir.resolve("tuning"));
    Target t = Compiler.GENERIC_CPU;
    assertTrue(store.get(t).isEmpty());
    String none = store.digest();
    store.merge(t, Map.of("conv a", "winograd"));
    store.merge(t, Map.of("conv b = with spaces", "direct 16x1 xb8"));
    assertEquals(Map.of("conv a", "winograd", "conv b = with spaces", "direct 16x1 xb8"), store.get(t).table());
    assertFalse(none.equals(store.digest()), "plans compiled with a table are keyed by it");
    assertTrue(store.get(cnnx.boards.TargetPresets.find("nvidia/h100-sxm").orElseThrow()).isEmpty(), "per device");
    Files.write(store.fileFor(t), new byte[] {'\\', 'u', 'z', 'z'}); // a malformed \\uxxxx escape
    assertTrue(store.get(t).isEmpty());
  }

  @Test
  void tablesCanBeTurnedOff() {
    String before = System.getProperty(TuningStore.PROPERTY);
    try {
      System.setProperty(TuningStore.PROPERTY, "off");
      assertFalse(TuningStore.enabled());
      Compiler.Options o = Compiler.Options.defaults();
      assertTrue(TuningStore.applyTo(Compiler.GENERIC_CPU, o) == o);
      System.setProperty(TuningStore.PROPERTY, "sometimes");
      assertThrowsInvalid();
    } finally {
      if (before == null) {
        System.clearProperty(TuningStore.PROPERTY);
      } else {
        System.setProperty(TuningStore.PROPERTY, before);
      }
    }
  }

  private static void assertThrowsInvalid() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(cnnx.compiler.error.InvalidModelException.class,
        TuningStore::enabled);
    assertTrue(e.getMessage().contains("on or off"), e.getMessage());
  }
}
