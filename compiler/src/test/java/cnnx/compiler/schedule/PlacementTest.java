package cnnx.compiler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.boards.Target;
import cnnx.boards.TargetPresets;
import cnnx.compiler.error.UnsupportedModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Placement and pipeline cuts on made-up launches and devices whose times are known exactly. */
class PlacementTest {
  /** A chain of launches: launch i reads value v{i} and writes v{i+1}; "conv" launches and "softmax" ones. */
  static List<LaunchWork> chain(String... families) {
    List<LaunchWork> out = new ArrayList<>();
    for (int i = 0; i < families.length; i++) {
      out.add(new LaunchWork(i, families[i] + "_0123456789", families[i], List.of("n" + i), 1000, 4000, 4000,
          List.of(new LaunchWork.Value("v" + i, 4000)), List.of(new LaunchWork.Value("v" + (i + 1), 4000)),
          Optional.empty()));
    }
    return out;
  }

  record Fake(String id, ToDoubleFunction<LaunchWork> time, Set<String> families, double link) implements DeviceModel {
    @Override
    public Target target() {
      return TargetPresets.get("intel/xeon-8380");
    }

    @Override
    public boolean live() {
      return true;
    }

    @Override
    public OptionalDouble seconds(LaunchWork l) {
      return families.contains(l.family()) ? OptionalDouble.of(time.applyAsDouble(l)) : OptionalDouble.empty();
    }

    @Override
    public double linkBytesPerSecond() {
      return link;
    }

    @Override
    public double transferLatencySeconds() {
      return 0;
    }

    @Override
    public String method() {
      return "fake";
    }
  }

  static final Set<String> ALL = Set.of("conv", "softmax");

  @Test
  void latencyPutsEachLaunchWhereItFinishesFirstAndTheNumbersAddUp() {
    Fake slow = new Fake("slow", l -> 1e-3, ALL, 4e6);
    Fake fast = new Fake("fast", l -> 1e-4, ALL, 4e6);
    Schedule s = Placement.latency(chain("conv", "conv", "conv"), List.of(slow, fast), Optional.empty(), Set.of("v3"));
    assertTrue(s.steps().stream().allMatch(st -> st.device().equals("fast")));
    // 4000 B in at 4 MB/s = 1 ms, three launches 0.3 ms, 4000 B out = 1 ms.
    assertEquals(2.3e-3, s.totalSeconds(), 1e-9);
    assertEquals(s.totalSeconds(), s.execSeconds() + s.transferSeconds(), 1e-12);
  }

  @Test
  void aLaunchNoDeviceRunsIsRefusedUnlessAFallbackIsNamed() {
    Fake convOnly = new Fake("fpga", l -> 1e-4, Set.of("conv"), 4e9);
    List<LaunchWork> work = chain("conv", "softmax");
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> Placement.latency(work, List.of(convOnly), Optional.empty(), Set.of("v2")));
    assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    Fake reference = new Fake("reference", l -> 1e-2, ALL, 4e9);
    Schedule s = Placement.latency(work, List.of(convOnly), Optional.of(reference), Set.of("v2"));
    assertEquals("fpga", s.steps().get(0).device());
    assertEquals("reference", s.steps().get(1).device());
    assertTrue(s.steps().get(1).fallback());
    assertTrue(s.steps().get(1).transferBytes() > 0, "the softmax input moves from the FPGA through the host");
  }

  @Test
  void aSlowLinkKeepsEverythingOnOneDevice() {
    Fake a = new Fake("a", l -> 1e-3, ALL, 1e3);
    Fake b = new Fake("b", l -> 0.9e-3, Set.of("softmax"), 1e3);
    Schedule s = Placement.latency(chain("conv", "softmax"), List.of(a, b), Optional.empty(), Set.of("v2"));
    assertEquals("a", s.steps().get(1).device(), "4 s to move 4000 B is not worth 0.1 ms");
  }

  @Test
  void pipelineBalancesTwoEqualDevices() {
    Fake a = new Fake("a", l -> 1e-3, ALL, 4e9);
    Fake b = new Fake("b", l -> 1e-3, ALL, 4e9);
    Schedule s = Pipeline.throughput(chain("conv", "conv", "conv", "conv"), List.of(a, b), Set.of("v4"));
    assertEquals(2, s.segments().size());
    assertEquals(new Schedule.Segment("a", 0, 2), s.segments().get(0));
    assertEquals(2e-3 + 2e-6, s.periodSeconds(), 1e-9); // two launches and 4000 B one way at 4 GB/s
    assertEquals(s.totalSeconds(), s.execSeconds() + s.transferSeconds(), 1e-12);
  }

  @Test
  void pipelineUsesOneStageWhenASecondDoesNotHelp() {
    Fake a = new Fake("a", l -> 1e-3, ALL, 4e9);
    Fake b = new Fake("b", l -> 5e-3, ALL, 4e9);
    Schedule s = Pipeline.throughput(chain("conv", "conv"), List.of(a, b), Set.of("v2"));
    assertEquals(1, s.segments().size());
  }
}
