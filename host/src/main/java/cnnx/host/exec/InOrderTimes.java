package cnnx.host.exec;

import cnnx.host.cl.ClEvent;
import java.util.List;

/**
 * Each launch's own device time from the profiles of one in-order queue's launches, enqueued back to back. A
 * launch cannot run before the one ahead of it ends, but some drivers (PoCL's pthread device) stamp its start
 * when their workers pick it up, while the one ahead still runs; counting from the later of its start and the
 * end ahead keeps the times from overlapping, so that they add up to the device's busy time.
 */
final class InOrderTimes {
  private InOrderTimes() {}

  static long[] nanos(List<ClEvent.Profile> profiles) {
    long[] out = new long[profiles.size()];
    long previousEnd = Long.MIN_VALUE;
    for (int i = 0; i < out.length; i++) {
      ClEvent.Profile p = profiles.get(i);
      out[i] = Math.max(0, p.ended() - Math.max(p.started(), previousEnd));
      previousEnd = Math.max(previousEnd, p.ended());
    }
    return out;
  }
}
