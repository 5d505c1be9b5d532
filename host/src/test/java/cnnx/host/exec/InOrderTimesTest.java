package cnnx.host.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cnnx.host.cl.ClEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class InOrderTimesTest {
  @Test
  void aLaunchStampedAsStartedWhileTheOneAheadRanCountsFromThatOnesEnd() {
    List<ClEvent.Profile> p = List.of(
        new ClEvent.Profile(0, 0, 10, 50),   // 40
        new ClEvent.Profile(0, 0, 20, 70),   // started "at 20" behind a launch ending at 50: 20
        new ClEvent.Profile(0, 0, 90, 100),  // after an idle gap: its own 10
        new ClEvent.Profile(0, 0, 95, 98));  // ended before the one ahead: nothing of its own
    assertArrayEquals(new long[] {40, 20, 10, 0}, InOrderTimes.nanos(p));
  }

  @Test
  void backToBackLaunchesKeepTheirOwnTimes() {
    List<ClEvent.Profile> p = List.of(new ClEvent.Profile(0, 0, 0, 5), new ClEvent.Profile(0, 0, 5, 12));
    assertArrayEquals(new long[] {5, 7}, InOrderTimes.nanos(p));
  }
}
