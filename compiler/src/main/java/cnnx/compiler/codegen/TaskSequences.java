package cnnx.compiler.codegen;

import cnnx.boards.DeviceKind;
import cnnx.boards.Target;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.schedule.LaunchWork;
import cnnx.compiler.schedule.LaunchWorks;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs consecutive small launches of a CPU plan as one single-work-item task kernel that does their work-items in
 * turn, kernel after kernel. On a CPU OpenCL device every launch is handed from the queue to the driver's worker
 * threads, which sleep between kernels: on the 2-core PoCL machine the gap from one kernel's end to the next one's
 * start measured 8–17 µs, and the host's enqueue of each about 6 µs, against 1–20 µs for each kernel of a 2 M MAC
 * net. One task does the same work on one core with no hand-off between its parts.
 *
 * <p>The price is the other cores: a segment's work runs on one of them. A segment is kept when what it loses,
 * its single-core time minus its time spread over every compute unit, is at most what it saves, one launch
 * hand-off per launch merged away. Single-core time is estimated from the roofline: {@link #CORE_EFFICIENCY} of a
 * core's share of the peak rate, and its share of the bandwidth. Only per-run launches whose programs qualify ({@link TaskStage})
 * and share build options take part; the plan's buffers and slots are unchanged, so a task computes exactly what its
 * launches did, in the same order.
 */
public final class TaskSequences {
  /** What a launch costs beyond its kernel on a CPU OpenCL device (enqueue plus hand-off), from PoCL's events. */
  static final double LAUNCH_NS = 15_000;
  /** Share of one core's peak that the stage kernels reach run one work-item after another (PoCL: about 0.6). */
  static final double CORE_EFFICIENCY = 0.5;
  /** Kernel parameters at most (buffers, each a pointer): as many as a split Concat's launches take. */
  static final int MAX_BUFFERS = 32;
  /** Launches in one task at most: bounds the search and the task's source. */
  static final int MAX_LAUNCHES = 48;

  private TaskSequences() {}

  /** The plan with its small per-run launches merged into tasks where that pays on the target; else the plan. */
  public static Plan apply(Plan plan, Graph compiled, Target target) {
    // the hand-off cost is the driver's, measured on a live device; presets and the generic target name none
    if (target.kind() != DeviceKind.CPU || !target.isLive()
        || plan.launches().size() - plan.loadLaunches() < 2) {
      return plan;
    }
    List<LaunchWork> works = LaunchWorks.of(compiled, plan);
    double coreFlops = target.fp32Gflops() / target.computeUnits() * CORE_EFFICIENCY; // per ns
    double coreBytes = target.memoryGBps() / target.computeUnits();
    double[] ns = new double[plan.launches().size()];
    for (int i = plan.loadLaunches(); i < ns.length; i++) {
      ns[i] = coreNs(works.get(i), coreFlops, coreBytes);
    }
    return merged(plan, ns, 1.0 - 1.0 / target.computeUnits());
  }

  /**
   * The plan with every run of consecutive qualifying per-run launches merged into tasks, whatever they cost: how
   * tests check that each kernel family computes the same as a task stage.
   */
  public static Plan everywhere(Plan plan) {
    return merged(plan, new double[plan.launches().size()], 0);
  }

  /** Merges the segments that save the most: {@code ns} each launch's single-core time, {@code lost} the share of it
   * that spreading over the other compute units would have saved. */
  private static Plan merged(Plan plan, double[] ns, double lost) {
    int first = plan.loadLaunches();
    int n = plan.launches().size();
    boolean[] fits = new boolean[n];
    Map<String, Boolean> qualified = new HashMap<>(); // per program and kernel: launches share programs
    for (int i = first; i < n; i++) {
      Launch l = plan.launches().get(i);
      fits[i] = l.globalSize().length <= 3 && qualified.computeIfAbsent(l.program() + " " + l.kernelName(),
          k -> TaskStage.of(plan.programs().get(l.program()).source(), l.kernelName(), "q_").isPresent());
    }
    // best[j]: the most nanoseconds saved by segments ending before j; from[j]: where the last one starts (or -1)
    double[] best = new double[n + 1];
    int[] from = new int[n + 1];
    java.util.Arrays.fill(from, -1);
    for (int j = first + 1; j <= n; j++) {
      best[j] = best[j - 1];
      double work = 0;
      Set<Integer> buffers = new LinkedHashSet<>();
      String options = null;
      for (int i = j - 1; i >= first && i >= j - MAX_LAUNCHES && fits[i]; i--) {
        Launch l = plan.launches().get(i);
        String o = plan.programs().get(l.program()).buildOptions();
        if (options != null && !options.equals(o)) {
          break;
        }
        options = o;
        addBuffers(l, buffers);
        if (buffers.size() > MAX_BUFFERS) {
          break;
        }
        work += ns[i];
        int count = j - i;
        double saved = (count - 1) * LAUNCH_NS - work * lost;
        if (count >= 2 && saved > 0 && best[i] + saved > best[j]) {
          best[j] = best[i] + saved;
          from[j] = i;
        }
      }
    }
    List<List<Integer>> segments = new ArrayList<>();
    for (int j = n; j > first; ) {
      if (from[j] < 0) {
        j--;
        continue;
      }
      List<Integer> segment = new ArrayList<>();
      for (int k = from[j]; k < j; k++) {
        segment.add(k);
      }
      segments.add(0, segment);
      j = from[j];
    }
    if (segments.isEmpty()) {
      return plan;
    }
    return rewritten(plan, segments, ns);
  }

  /** Estimated nanoseconds of one launch's kernel on one core: the roofline at one core's share. */
  static double coreNs(LaunchWork w, double coreFlopsPerNs, double coreBytesPerNs) {
    return Math.max(w.flops() / coreFlopsPerNs, w.bytes() / coreBytesPerNs);
  }

  private static void addBuffers(Launch l, Set<Integer> ids) {
    for (KernelArg a : l.args()) {
      if (a instanceof KernelArg.Buffer b) {
        ids.add(b.bufferId());
      }
    }
  }

  private static Plan rewritten(Plan plan, List<List<Integer>> segments, double[] coreNs) {
    Map<Integer, List<Integer>> byStart = new HashMap<>();
    segments.forEach(s -> byStart.put(s.get(0), s));
    List<KernelSource> programs = new ArrayList<>();
    Map<Integer, Integer> programIndex = new HashMap<>();
    List<Launch> launches = new ArrayList<>();
    for (int i = 0; i < plan.launches().size(); i++) {
      List<Integer> segment = byStart.get(i);
      if (segment == null) {
        Launch l = plan.launches().get(i);
        int p = programIndex.computeIfAbsent(l.program(), k -> {
          programs.add(plan.programs().get(k));
          return programs.size() - 1;
        });
        launches.add(new Launch(l.kernelName(), p, l.args(), l.globalSize(), l.localSize(), l.onnxNodes(), l.outputs(),
            l.note()));
        continue;
      }
      double ns = 0;
      for (int k : segment) {
        ns += coreNs[k];
      }
      Task task = task(plan, segment, programs.size(), ns);
      programs.add(new KernelSource(task.source(), plan.programs().get(plan.launches().get(i).program())
          .buildOptions()));
      launches.add(task.launch());
      i = segment.get(segment.size() - 1);
    }
    return plan.withProgramsAndLaunches(programs, launches, plan.loadLaunches());
  }

  /** A task launch and its program's source. */
  private record Task(Launch launch, String source) {}

  /** The task launch of a segment, its program at {@code program}. */
  private static Task task(Plan plan, List<Integer> segment, int program, double estimatedNs) {
    Map<Integer, String> stagePrefix = new LinkedHashMap<>();
    StringBuilder stages = new StringBuilder();
    Map<Integer, TaskStage> byProgram = new HashMap<>();
    Map<Integer, Integer> param = new LinkedHashMap<>(); // buffer id → parameter index
    List<String> nodes = new ArrayList<>();
    Set<String> seenNodes = new LinkedHashSet<>();
    StringBuilder calls = new StringBuilder();
    List<String> names = new ArrayList<>();
    for (int k : segment) {
      Launch l = plan.launches().get(k);
      names.add(l.kernelName());
      TaskStage stage = byProgram.computeIfAbsent(l.program(), p -> {
        String prefix = "cnnx_t" + stagePrefix.size() + "_";
        stagePrefix.put(p, prefix);
        TaskStage s = TaskStage.of(plan.programs().get(p).source(), l.kernelName(), prefix).orElseThrow();
        stages.append("/* ---- ").append(l.kernelName()).append(" ---- */\n").append(s.text);
        return s;
      });
      List<String> args = new ArrayList<>();
      for (KernelArg a : l.args()) {
        args.add(switch (a) {
          case KernelArg.Buffer b -> "b" + param.computeIfAbsent(b.bufferId(), id -> param.size());
          case KernelArg.Int v -> "(int)(" + (v.value() == Integer.MIN_VALUE ? "-2147483647 - 1" : v.value()) + ")";
          case KernelArg.Long v -> "(long)(" + (v.value() == Long.MIN_VALUE ? "-9223372036854775807L - 1L"
              : v.value() + "L") + ")";
          case KernelArg.Float v -> String.format(Locale.ROOT, "as_float(0x%08xu)", Float.floatToRawIntBits(v.value()));
        });
      }
      long[] g = l.globalSize();
      long gx = g[0];
      long gy = g.length > 1 ? g[1] : 1;
      long gz = g.length > 2 ? g[2] : 1;
      calls.append("  { /* ").append(l.kernelName()).append(" over ").append(gx).append('x').append(gy).append('x')
          .append(gz).append(" */\n")
          .append("    size_t cnnx_id[6] = {0, 0, 0, ").append(gx).append(", ").append(gy).append(", ").append(gz)
          .append("};\n")
          .append("    for (size_t z = 0; z < ").append(gz).append("; z++) {\n      cnnx_id[2] = z;\n")
          .append("      for (size_t y = 0; y < ").append(gy).append("; y++) {\n        cnnx_id[1] = y;\n")
          .append("        for (size_t x = 0; x < ").append(gx).append("; x++) {\n          cnnx_id[0] = x;\n")
          .append("          ").append(stage.function).append("(cnnx_id").append(args.isEmpty() ? "" : ", ")
          .append(String.join(", ", args)).append(");\n        }\n      }\n    }\n  }\n");
      for (String n : l.onnxNodes()) {
        if (seenNodes.add(n)) {
          nodes.add(n);
        }
      }
    }
    StringBuilder params = new StringBuilder();
    List<KernelArg> args = new ArrayList<>();
    for (var e : param.entrySet()) {
      params.append(params.length() == 0 ? "" : ", ").append("__global void* b").append(e.getValue());
      args.add(new KernelArg.Buffer(e.getKey()));
    }
    String body = "(" + params + ") {\n" + calls + "}\n";
    String name = "task_" + Hashes.shortHash(stages + body);
    return new Task(new Launch(name, program, args, new long[] {1}, new long[] {1}, nodes, liveOutputs(plan, segment),
        String.format(Locale.ROOT, "%d launches as one single-work-item task (%s): about %.0f µs of work on one core "
            + "costs less here than %d launch hand-offs of %.0f µs", segment.size(), String.join(", ", names),
            estimatedNs / 1000, segment.size() - 1, LAUNCH_NS / 1000)), stages + "__kernel void " + name + body);
  }

  /** The segment's outputs that still hold their values after it: not overwritten in their slot by a later part. */
  private static List<Integer> liveOutputs(Plan plan, List<Integer> segment) {
    List<Integer> out = new ArrayList<>();
    for (int a = 0; a < segment.size(); a++) {
      for (int id : plan.launches().get(segment.get(a)).outputs()) {
        BufferSpec spec = plan.buffers().get(id);
        boolean overwritten = false;
        for (int b = a + 1; b < segment.size() && !overwritten; b++) {
          for (int later : plan.launches().get(segment.get(b)).outputs()) {
            if (later != id && plan.buffers().get(later).slot() == spec.slot()) {
              overwritten = true;
            }
          }
        }
        if (!overwritten && !out.contains(id)) {
          out.add(id);
        }
      }
    }
    return out;
  }
}
