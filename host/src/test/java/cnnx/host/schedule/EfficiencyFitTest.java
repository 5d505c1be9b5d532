package cnnx.host.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.Target;
import cnnx.boards.TargetPresets;
import cnnx.compiler.schedule.FamilyEfficiency;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.Roofline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-family fit recovers the terms that made the times, and the store keeps only the current form. */
class EfficiencyFitTest {
  static final Target CPU = TargetPresets.find("intel/xeon-8380").orElseThrow();

  @TempDir
  Path dir;

  private static LaunchWork launch(int i, String family, long macs, long read, long written) {
    return new LaunchWork(i, family + "_k" + i, family, List.of("n" + i), macs, read, written, List.of(), List.of(),
        Optional.empty());
  }

  @Test
  void recoversEfficiencyPerByteWrittenAndPerLaunchFromTimesTheyMade() {
    double efficiency = 0.4;
    double perByte = 2e-11;
    double perLaunch = 30e-6;
    SplittableRandom rnd = new SplittableRandom(3);
    List<LaunchWork> works = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      LaunchWork w = launch(i, "conv/1x1", 1_000_000L + rnd.nextLong(200_000_000L), 100_000 + rnd.nextLong(4_000_000),
          50_000 + rnd.nextLong(8_000_000));
      works.add(w);
      times.add(Roofline.boundSeconds(w, CPU) / efficiency + w.bytesWritten() * perByte + perLaunch);
    }
    Map<String, Double> fit = EfficiencyFit.fit(works, times.stream().mapToDouble(Double::doubleValue).toArray(), CPU);
    assertEquals(efficiency, fit.get("conv/1x1"), 1e-6);
    assertEquals(perByte, fit.get("conv/1x1" + FamilyEfficiency.PER_BYTE_WRITTEN), 1e-15);
    assertEquals(perLaunch, fit.get("conv/1x1" + FamilyEfficiency.PER_LAUNCH), 1e-10);
    FamilyEfficiency model = new FamilyEfficiency(fit, "test");
    for (int i = 0; i < works.size(); i++) {
      LaunchWork w = works.get(i);
      assertEquals(times.get(i), model.deviceSeconds(w, Roofline.boundSeconds(w, CPU)), 1e-9 * times.get(i));
    }
  }

  /**
   * Figures from a model with a hundred times the roofline seconds outweigh a tiny model's, and what the store
   * knew only from much smaller launches is measured again.
   */
  @Test
  void mergedFiguresWeighEachModelByItsLaunches() {
    FamilyEfficiency tiny = new FamilyEfficiency(Map.of("conv/kxk", 0.05, "conv/kxk" + FamilyEfficiency.PER_LAUNCH,
        1e-4, "conv/kxk" + FamilyEfficiency.WEIGHT, 1e-3), "test");
    Map<String, Double> big = Map.of("conv/kxk", 4.0, "conv/kxk" + FamilyEfficiency.PER_LAUNCH, 0.0,
        "conv/kxk" + FamilyEfficiency.WEIGHT, 0.1, "pool", 0.3, FamilyEfficiency.DISPATCH, 2e-5);
    Map<String, Double> merged = EfficiencyFit.merge(tiny, big);
    // total bound over total predicted time: 0.101 / (0.001 / 0.05 + 0.1 / 4)
    assertEquals(0.101 / (0.001 / 0.05 + 0.1 / 4), merged.get("conv/kxk"), 1e-9);
    assertEquals(0.101, merged.get("conv/kxk" + FamilyEfficiency.WEIGHT), 1e-12);
    assertEquals(1e-4 * 0.001 / 0.101, merged.get("conv/kxk" + FamilyEfficiency.PER_LAUNCH), 1e-12);
    assertEquals(0.3, merged.get("pool"));
    assertEquals(2e-5, merged.get(FamilyEfficiency.DISPATCH));

    assertFalse(DeviceModels.settled(tiny, "conv/kxk", 0.01), "a model 10x the launches measures again");
    assertTrue(DeviceModels.settled(tiny, "conv/kxk", 0.003));
    assertFalse(DeviceModels.settled(tiny, "pool", 1e-9), "a family never measured");
  }

  @Test
  void termsStayNonNegativeAndFewLaunchesFitTheEfficiencyAlone() {
    // times that fall as launches write more: a negative per-byte term would fit them; it must be dropped
    List<LaunchWork> works = List.of(launch(0, "pool", 0, 4_000_000, 1_000_000), launch(1, "pool", 0, 4_000_000,
        4_000_000), launch(2, "pool", 0, 4_000_000, 8_000_000), launch(3, "gemm", 10_000_000, 1_000_000, 1_000));
    double[] t = {3e-4, 2e-4, 1e-4, 5e-4};
    Map<String, Double> fit = EfficiencyFit.fit(works, t, CPU);
    assertTrue(fit.get("pool" + FamilyEfficiency.PER_BYTE_WRITTEN) >= 0);
    assertTrue(fit.get("pool" + FamilyEfficiency.PER_LAUNCH) >= 0);
    assertTrue(fit.get("pool") > 0);
    assertEquals(Roofline.boundSeconds(works.get(3), CPU) / 5e-4, fit.get("gemm"), 1e-9);
    assertEquals(0.0, fit.get("gemm" + FamilyEfficiency.PER_LAUNCH));
  }

  @Test
  void figuresOfAnOlderFormAreMeasuredAgain() throws Exception {
    EfficiencyStore store = new EfficiencyStore(dir);
    Files.createDirectories(dir);
    Files.writeString(store.fileFor(CPU), "conv/kxk=0.9\n"); // the efficiency-only form
    assertTrue(store.get(CPU).isEmpty());
    store.merge(CPU, Map.of("conv/kxk", 0.8, FamilyEfficiency.VERSION, FamilyEfficiency.CURRENT_VERSION));
    FamilyEfficiency back = store.get(CPU).orElseThrow();
    assertEquals(0.8, back.of("conv/kxk"));
    assertFalse(back.measured("conv/1x1"));
    // a weight is not capped as an efficiency is: many models' seconds add up
    store.merge(CPU, Map.of("conv/kxk" + FamilyEfficiency.WEIGHT, 42.0));
    assertEquals(42.0, store.get(CPU).orElseThrow().weight("conv/kxk"));
  }

  @Test
  void figuresOfAnotherKernelSetAreNotReadAndGoOnTheNextMerge() throws Exception {
    EfficiencyStore store = new EfficiencyStore(dir.resolve("sets"));
    Path current = store.fileFor(CPU);
    String name = current.getFileName().toString();
    assertTrue(name.startsWith(CPU.fingerprint() + "-k") && !name.contains("-kunknown"), name);
    Files.createDirectories(current.getParent());
    Path older = current.resolveSibling(CPU.fingerprint() + "-k000000000000.properties");
    Path legacy = current.resolveSibling(CPU.fingerprint() + ".properties");
    String figures = "conv/kxk=0.9\n" + FamilyEfficiency.VERSION + "=" + FamilyEfficiency.CURRENT_VERSION + "\n";
    Files.writeString(older, figures);
    Files.writeString(legacy, figures);
    assertTrue(store.get(CPU).isEmpty(), "another build's kernels ran at other speeds");
    store.merge(CPU, Map.of("conv/kxk", 0.7, FamilyEfficiency.VERSION, FamilyEfficiency.CURRENT_VERSION));
    assertEquals(0.7, store.get(CPU).orElseThrow().of("conv/kxk"));
    assertFalse(Files.exists(older));
    assertFalse(Files.exists(legacy));
  }
}
