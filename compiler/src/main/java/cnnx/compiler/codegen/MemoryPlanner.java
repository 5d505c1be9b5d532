package cnnx.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lifetime-based buffer sharing: each intermediate buffer lives from the launch that first
 * touches it to the last; buffers whose lifetimes do not overlap share a physical slot
 * (best fit among free slots, growing one if needed). Pinned buffers (inputs, outputs, constants)
 * get slots of their own.
 */
final class MemoryPlanner {
  /** Slot of each buffer and the byte size of each slot. */
  record Assignment(int[] slotOf, List<Long> slotBytes) {}

  private MemoryPlanner() {}

  /**
   * @param bytes size of each buffer
   * @param first first launch index touching each buffer (-1 if never)
   * @param last last launch index touching each buffer
   * @param pinned buffers that must not share
   */
  static Assignment plan(long[] bytes, int[] first, int[] last, Set<Integer> pinned) {
    int n = bytes.length;
    int[] slotOf = new int[n];
    List<Long> slotBytes = new ArrayList<>();
    List<Integer> slotFreeAfter = new ArrayList<>(); // launch index after which the slot is free
    List<Integer> shareable = new ArrayList<>();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(first[a], first[b]));
    for (int b : order) {
      if (pinned.contains(b) || first[b] < 0) {
        slotOf[b] = slotBytes.size();
        slotBytes.add(Math.max(bytes[b], 1));
        slotFreeAfter.add(Integer.MAX_VALUE);
        continue;
      }
      int best = -1;
      // Only shareable slots are searched: pinned ones (often thousands of inputs or weights) never free up.
      for (int s : shareable) {
        if (slotFreeAfter.get(s) < first[b]
            && (best < 0 || fitScore(slotBytes.get(s), bytes[b]) < fitScore(slotBytes.get(best), bytes[b]))) {
          best = s;
        }
      }
      if (best < 0) {
        best = slotBytes.size();
        shareable.add(best);
        slotBytes.add(Math.max(bytes[b], 1));
        slotFreeAfter.add(last[b]);
      } else {
        slotBytes.set(best, Math.max(slotBytes.get(best), bytes[b]));
        slotFreeAfter.set(best, last[b]);
      }
      slotOf[b] = best;
    }
    return new Assignment(slotOf, slotBytes);
  }

  /** Prefer the slot that fits with least waste; growing a slot costs its growth. */
  private static long fitScore(long slot, long need) {
    return slot >= need ? slot - need : (need - slot) * 2;
  }
}
