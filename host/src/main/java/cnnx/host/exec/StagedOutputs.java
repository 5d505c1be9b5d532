package cnnx.host.exec;

import cnnx.host.cl.ClBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * A run's outputs (and its error flag), read from the device into direct buffers kept per plan buffer, enqueued
 * behind the launches without waiting, so that the run waits for the queue once instead of once for the launches
 * and once more per read: on PoCL each blocking call wakes the driver's thread and waits for it (a tiny
 * ShuffleNet-V2's run spent 0.12 ms finishing its launches and another 0.04-0.05 ms reading 10 floats).
 */
final class StagedOutputs {
  private final Map<Integer, ByteBuffer> buffers = new HashMap<>();

  /**
   * Enqueues the first {@code bytes} of {@code slot}, the plan's buffer {@code id}; valid after the queue finishes.
   * A shared slot is read in place then, with no command.
   */
  void enqueue(ClBuffer slot, int id, long bytes) {
    if (slot.isShared()) {
      buffers.put(id, slot.sharedBytes());
      return;
    }
    ByteBuffer b = buffers.get(id);
    if (b == null || b.capacity() != bytes) {
      b = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
      buffers.put(id, b);
    }
    if (bytes > 0) {
      slot.readAsync(b);
    }
  }

  /** The floats read for buffer {@code id}, after the queue has finished. */
  float[] floats(int id, int n) {
    float[] f = new float[n];
    buffers.get(id).asFloatBuffer().get(f);
    return f;
  }

  /** The longs read for buffer {@code id}, after the queue has finished. */
  long[] longs(int id, int n) {
    long[] l = new long[n];
    buffers.get(id).asLongBuffer().get(l);
    return l;
  }
}
