package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Launches that run once at load are no part of a run: neither of the predicted device time nor of the share of
 * launches compared with their measurement.
 */
class PredictionTest {
  private static PlacedLaunch launch(int i, double predictedMs) {
    return new PlacedLaunch(i, "k" + i, List.of("n" + i), "opencl:0", 0, 0, 0, 0, predictedMs, false);
  }

  @Test
  void loadTimeLaunchesAreLeftOutOfTheRunAndOfTheShareWithinTolerance() {
    // two load-time launches (no time either way), then three per run: two within 30%, one 2x off
    List<PlacedLaunch> launches = List.of(launch(0, 0), launch(1, 0), launch(2, 1.0), launch(3, 2.0), launch(4, 3.0));
    double dispatch = 0.01;
    double total = 1.0 + 2.0 + 3.0 + 3 * dispatch;
    Prediction p = new Prediction("opencl:0", "test", launches, total, dispatch, List.of(0.0, 0.0, 1.1, 1.9, 1.5),
        7.0, 2);
    assertTrue(p.atLoad(1));
    assertFalse(p.atLoad(2));
    assertEquals(3, p.perRunLaunches());
    assertEquals(6.0, p.predictedDeviceMs(), 1e-12);
    assertEquals(2.0 / 3, p.fractionWithin(0.3), 1e-12);
    Prediction none = new Prediction("opencl:0", "test", launches.subList(2, 5), total, dispatch,
        List.of(1.1, 1.9, 1.5), 7.0, 0);
    assertEquals(2.0 / 3, none.fractionWithin(0.3), 1e-12);
  }
}
