package cnnx.compiler.schedule;

import cnnx.boards.Target;
import java.util.OptionalDouble;

/** A device as placement sees it: how long each launch takes there, and how fast data gets in and out. */
public interface DeviceModel {
  /** The device's id: a live device ({@code opencl:1}) or a preset ({@code intel/de5a-net}). */
  String id();

  Target target();

  /** Whether the device is on this machine (a placement over live devices only can run). */
  boolean live();

  /** Predicted seconds of one launch; empty when the device cannot run it. */
  OptionalDouble seconds(LaunchWork launch);

  /** The part of {@link #seconds} that is the gap between launches rather than the launch itself. */
  default double dispatchSeconds() {
    return 0;
  }

  /** Host link: bytes per second one way between host memory and the device's memory. */
  double linkBytesPerSecond();

  /** Fixed cost of one transfer (a host round trip). */
  default double transferLatencySeconds() {
    return 20e-6;
  }

  /** Seconds to move {@code bytes} between the host and this device. */
  default double transferSeconds(long bytes) {
    return bytes == 0 ? 0 : transferLatencySeconds() + bytes / linkBytesPerSecond();
  }

  /** How the prediction is made, for {@code --explain}. */
  String method();
}
