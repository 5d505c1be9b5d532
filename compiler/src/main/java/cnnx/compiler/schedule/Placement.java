package cnnx.compiler.schedule;

import cnnx.compiler.error.UnsupportedModelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * HEFT-style list scheduling of a plan's launches over devices, minimising one run's time. Launches are taken
 * in plan order (a topological order, and on these networks also the order of decreasing upward rank); each
 * goes to the device where it finishes earliest, counting the moves of its inputs from wherever they are
 * (through the host: device → host → device) and the device's queue. A launch no listed device can run goes to
 * the fallback device when the caller named one, and is otherwise refused: nothing moves silently.
 */
public final class Placement {
  static final String HOST = "host";

  private Placement() {}

  public static Schedule latency(List<LaunchWork> launches, List<? extends DeviceModel> devices,
      Optional<DeviceModel> fallback, Set<String> graphOutputs) {
    Map<String, Map<String, Double>> where = new HashMap<>(); // value → location → time it is there
    Map<String, Double> free = new HashMap<>();
    List<Schedule.Step> steps = new ArrayList<>();
    Map<String, DeviceModel> models = new HashMap<>();
    devices.forEach(d -> models.put(d.id(), d));
    fallback.ifPresent(f -> models.put(f.id(), f));
    for (LaunchWork w : launches) {
      Schedule.Step best = null;
      for (DeviceModel d : devices) {
        best = better(best, candidate(w, d, false, where, free, models));
      }
      if (best == null && fallback.isPresent()) {
        best = candidate(w, fallback.get(), true, where, free, models);
      }
      if (best == null) {
        throw unsupported(w, devices);
      }
      steps.add(best);
      DeviceModel chosen = byId(best.device(), devices, fallback);
      free.put(chosen.id(), best.finishSeconds());
      for (LaunchWork.Value v : w.consumes()) {
        where.computeIfAbsent(v.name(), k -> new HashMap<>(Map.of(HOST, 0.0)))
            .putIfAbsent(chosen.id(), best.startSeconds());
      }
      for (LaunchWork.Value v : w.produces()) {
        where.put(v.name(), new HashMap<>(Map.of(chosen.id(), best.finishSeconds())));
      }
    }
    double end = 0;
    double outputMoves = 0;
    for (Schedule.Step s : steps) {
      end = Math.max(end, s.finishSeconds());
    }
    double lastOut = end;
    for (Schedule.Step s : steps) {
      DeviceModel d = byId(s.device(), devices, fallback);
      for (LaunchWork.Value v : s.launch().produces()) {
        if (graphOutputs.contains(v.name())) {
          double t = d.transferSeconds(v.bytes());
          outputMoves += t;
          lastOut = Math.max(lastOut, s.finishSeconds() + t);
        }
      }
    }
    return new Schedule(Schedule.Objective.LATENCY, steps, outputMoves, lastOut, lastOut,
        methods(devices, fallback));
  }

  private static Schedule.Step candidate(LaunchWork w, DeviceModel d, boolean fallback,
      Map<String, Map<String, Double>> where, Map<String, Double> free, Map<String, DeviceModel> models) {
    OptionalDouble exec = d.seconds(w);
    if (exec.isEmpty()) {
      return null;
    }
    double ready = free.getOrDefault(d.id(), 0.0);
    long bytes = 0;
    double moves = 0;
    for (LaunchWork.Value v : w.consumes()) {
      Map<String, Double> at = where.getOrDefault(v.name(), Map.of(HOST, 0.0));
      if (at.containsKey(d.id())) {
        ready = Math.max(ready, at.get(d.id()));
        continue;
      }
      // From the earliest copy: the host's, or a device's through the host.
      double arrive = Double.POSITIVE_INFINITY;
      double cost = 0;
      for (Map.Entry<String, Double> e : at.entrySet()) {
        double move = d.transferSeconds(v.bytes())
            + (e.getKey().equals(HOST) ? 0 : models.get(e.getKey()).transferSeconds(v.bytes()));
        if (e.getValue() + move < arrive) {
          arrive = e.getValue() + move;
          cost = move;
        }
      }
      bytes += v.bytes();
      moves += cost;
      ready = Math.max(ready, arrive);
    }
    return new Schedule.Step(w, d.id(), 0, bytes, moves, ready, exec.getAsDouble(), fallback);
  }

  private static Schedule.Step better(Schedule.Step a, Schedule.Step b) {
    if (b == null) {
      return a;
    }
    return a == null || b.finishSeconds() < a.finishSeconds() ? b : a;
  }

  static DeviceModel byId(String id, List<? extends DeviceModel> devices, Optional<DeviceModel> fallback) {
    for (DeviceModel d : devices) {
      if (d.id().equals(id)) {
        return d;
      }
    }
    return fallback.filter(f -> f.id().equals(id)).orElseThrow();
  }

  static UnsupportedModelException unsupported(LaunchWork w, List<? extends DeviceModel> devices) {
    return new UnsupportedModelException("launch " + w.index() + " (" + w.kernel() + ", nodes " + w.onnxNodes()
        + ") runs on none of " + devices.stream().map(DeviceModel::id).toList()
        + "; name a fallback device (e.g. --fallback reference) to place it there");
  }

  static Map<String, String> methods(List<? extends DeviceModel> devices, Optional<DeviceModel> fallback) {
    Map<String, String> m = new LinkedHashMap<>();
    devices.forEach(d -> m.put(d.id(), d.method()));
    fallback.ifPresent(f -> m.put(f.id(), f.method() + " (fallback)"));
    return m;
  }
}
