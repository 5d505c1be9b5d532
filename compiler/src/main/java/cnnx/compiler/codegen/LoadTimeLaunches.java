package cnnx.compiler.codegen;

import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.ErrorFlag;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves the launches that compute constants to the front of a generated plan and counts them as
 * load-time launches ({@link Plan#loadLaunches()}): every buffer such a launch reads is a constant
 * or written only by earlier such launches, and every buffer it writes is written by such launches
 * only. Constant folding leaves these to the device when their outputs are too large to keep in the
 * plan (the light models' ConstantOfShape weights); computing them on every run repeated the same
 * work. A launch that touches the error flag stays per run, so that a raised flag fails the run that
 * reads it.
 */
public final class LoadTimeLaunches {
  private LoadTimeLaunches() {}

  public static Plan hoist(Plan plan) {
    List<Launch> launches = plan.launches();
    int n = launches.size();
    Map<Integer, List<Integer>> writers = new HashMap<>();
    for (int i = 0; i < n; i++) {
      for (int id : launches.get(i).outputs()) {
        writers.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
      }
    }
    Set<Integer> constants = new HashSet<>(plan.constants().keySet());
    Set<Integer> perRun = new HashSet<>(plan.inputs().values());
    for (BufferSpec b : plan.buffers()) {
      if (b.value().equals(ErrorFlag.BUFFER)) {
        constants.remove(b.id());
        perRun.add(b.id());
      }
    }
    // Optimistic, then refuted until nothing changes: reads only reach back to earlier launches, so
    // this is the least set as well as the greatest.
    boolean[] load = new boolean[n];
    java.util.Arrays.fill(load, true);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < n; i++) {
        if (load[i] && !qualifies(i, launches.get(i), load, writers, constants, perRun)) {
          load[i] = false;
          changed = true;
        }
      }
    }
    List<Launch> ordered = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (load[i]) {
        ordered.add(launches.get(i));
      }
    }
    int count = ordered.size();
    if (count == 0) {
      return plan;
    }
    for (int i = 0; i < n; i++) {
      if (!load[i]) {
        ordered.add(launches.get(i));
      }
    }
    return plan.withLaunches(ordered, count);
  }

  private static boolean qualifies(int index, Launch l, boolean[] load, Map<Integer, List<Integer>> writers,
      Set<Integer> constants, Set<Integer> perRun) {
    if (l.outputs().isEmpty()) {
      return false;
    }
    for (int id : l.outputs()) {
      if (perRun.contains(id) || constants.contains(id) || !allLoad(writers.get(id), load, Integer.MAX_VALUE)) {
        return false;
      }
    }
    for (KernelArg a : l.args()) {
      if (a instanceof KernelArg.Buffer b && !l.outputs().contains(b.bufferId())) {
        int id = b.bufferId();
        if (perRun.contains(id)) {
          return false;
        }
        if (!constants.contains(id) && !allLoad(writers.get(id), load, index)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether there are writers, each a load-time launch before {@code before}. */
  private static boolean allLoad(List<Integer> writers, boolean[] load, int before) {
    if (writers == null) {
      return false;
    }
    for (int w : writers) {
      if (!load[w] || w >= before) {
        return false;
      }
    }
    return true;
  }
}
