package cnnx.host.exec;

import cnnx.compiler.analysis.MemoryBudget;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.host.device.BuildProgress;
import cnnx.host.device.LaunchObserver;
import cnnx.host.device.RunHooks;
import cnnx.host.cl.ClBuffer;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.ClEvent;
import cnnx.host.cl.ClKernel;
import cnnx.host.cl.ClProgram;
import cnnx.host.cl.DeviceException;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.ProgramCache;
import cnnx.kernels.plan.BufferSpec;
import cnnx.kernels.plan.ElementType;
import cnnx.kernels.plan.ErrorFlag;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import cnnx.kernels.plan.Launch;
import cnnx.kernels.plan.Plan;
import cnnx.kernels.plan.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan loaded on one OpenCL device: programs built (through the binary cache), slots allocated,
 * weights uploaded, every kernel's arguments bound once, the load-time launches run. {@link #run}
 * then only writes inputs, enqueues the other launches in order and reads the outputs. Runs are
 * serialised on the one queue.
 */
public final class OpenClExecutable implements AutoCloseable {
  private final ClContext context;
  private final Plan plan;
  private final List<ClBuffer> slots = new ArrayList<>();
  /** Leases on the context's shared programs: closing gives them back, never releases one another executable uses. */
  private final List<ProgramCache.Lease> programs = new ArrayList<>();
  private final List<ClKernel> kernels = new ArrayList<>();
  private final Provenance provenance;
  /** For each buffer, the last launch that writes it. */
  private final int[] lastWriter;
  /**
   * A verifying or fault-injecting run may have overwritten what the load-time launches computed
   * (each launch fed the reference's values, or a perturbed output): the next plain run computes it
   * again first.
   */
  private boolean loadTimeStale;
  /** Programs built from source whose binaries the cache writes at close ({@link KernelBinaryCache#defers}). */
  private final List<Integer> unwritten = new ArrayList<>();
  private final StagedInputs staged = new StagedInputs();
  private final StagedOutputs results = new StagedOutputs();
  private KernelBinaryCache binaryCache;
  private boolean closed;

  private OpenClExecutable(ClContext context, Plan plan, KernelBinaryCache cache, BuildProgress progress,
      MemoryBudget memoryLimit) {
    // Bytes, allocation sizes and work sizes checked before anything is allocated or enqueued; programs not yet
    // compiled cost the driver's compiler memory in this process too.
    PlanLimits.check(plan, context.device(), memoryLimit, uncompiled(plan, cache, context));
    this.context = context;
    this.plan = plan;
    this.lastWriter = new int[plan.buffers().size()];
    for (int i = 0; i < plan.launches().size(); i++) {
      for (int id : plan.launches().get(i).outputs()) {
        lastWriter[id] = i;
      }
    }
    try {
      this.provenance = prepare(cache, progress);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Programs of the plan not kept from an earlier build (by either cache): the driver compiles them here. */
  private static int uncompiled(Plan plan, KernelBinaryCache cache, ClContext context) {
    int n = 0;
    for (KernelSource src : plan.programs()) {
      if (cache == null || !cache.holds(src.source(), src.buildOptions(), context.device())) {
        n++;
      }
    }
    return n;
  }

  private Provenance prepare(KernelBinaryCache cache, BuildProgress progress) {
    List<Boolean> cached = new ArrayList<>();
    for (KernelSource src : plan.programs()) {
      cached.add(cache != null && cache.holds(src.source(), src.buildOptions(), context.device()));
    }
    programs.addAll(ProgramBuilds.buildAll(context, plan.programs(), cache, progress::built));
    if (cache != null && cache.defers(context.device())) {
      this.binaryCache = cache;
      for (int i = 0; i < programs.size(); i++) {
        if (programs.get(i).program().origin() == ClProgram.Origin.SOURCE) {
          unwritten.add(i);
        }
      }
    }
    Set<Integer> shared = sharedSlots();
    int slot = 0;
    for (long bytes : plan.slotBytes()) {
      slots.add(shared.contains(slot++) ? context.createSharedBuffer(Math.max(bytes, 4))
          : context.createBuffer(Math.max(bytes, 4), ClContext.Access.READ_WRITE));
    }
    plan.constants().forEach((id, data) -> write(plan.buffers().get(id), data));
    List<LaunchProvenance> launches = new ArrayList<>();
    for (Launch l : plan.launches()) {
      ClKernel k = programs.get(l.program()).program().kernel(l.kernelName());
      for (int i = 0; i < l.args().size(); i++) {
        switch (l.args().get(i)) {
          case KernelArg.Buffer b -> k.arg(i, slots.get(plan.buffers().get(b.bufferId()).slot()));
          case KernelArg.Int v -> k.arg(i, v.value());
          case KernelArg.Long v -> k.arg(i, v.value());
          case KernelArg.Float v -> k.arg(i, v.value());
        }
      }
      kernels.add(k);
      KernelSource src = plan.programs().get(l.program());
      launches.add(new LaunchProvenance(l.kernelName(), src.hash(), src.buildOptions(), l.onnxNodes(),
          cached.get(l.program())));
    }
    for (int i = 0; i < plan.loadLaunches(); i++) {
      Launch l = plan.launches().get(i);
      context.enqueue(kernels.get(i), l.globalSize(), l.localSize());
    }
    context.finish();
    var info = context.device();
    return new Provenance(info.summary(), info.driverVersion(), launches, false, null);
  }

  /**
   * The slots of the plan's inputs and outputs, where the device shares host memory at a fine grain: the host then
   * copies a run's inputs in and its outputs out itself, two commands fewer per run for the driver to schedule
   * (a 2 M multiply-add net's run on PoCL: 119 µs with device buffers, 105 µs shared, medians of 2,000 alternating
   * runs).
   */
  private Set<Integer> sharedSlots() {
    Set<Integer> shared = new HashSet<>();
    if (context.sharesHostMemory()) {
      plan.inputs().values().forEach(id -> shared.add(plan.buffers().get(id).slot()));
      plan.outputs().values().forEach(id -> shared.add(plan.buffers().get(id).slot()));
    }
    return shared;
  }

  /** Loads the plan; on failure everything allocated so far is released. */
  public static OpenClExecutable load(ClContext context, Plan plan, KernelBinaryCache cache) {
    return load(context, plan, cache, BuildProgress.NONE);
  }

  /** As {@link #load(ClContext, Plan, KernelBinaryCache)}, telling {@code progress} after each program. */
  public static OpenClExecutable load(ClContext context, Plan plan, KernelBinaryCache cache, BuildProgress progress) {
    return load(context, plan, cache, progress, null);
  }

  /** As above, refusing a plan over {@code memoryLimit} (null: the device's global memory) before allocating. */
  public static OpenClExecutable load(ClContext context, Plan plan, KernelBinaryCache cache, BuildProgress progress,
      MemoryBudget memoryLimit) {
    return new OpenClExecutable(context, plan, cache, progress, memoryLimit);
  }

  public Plan plan() {
    return plan;
  }

  public Provenance provenance() {
    return provenance;
  }

  public RunResult run(Map<String, Tensor> inputs) {
    return run(inputs, RunHooks.NONE);
  }

  /**
   * Runs the plan; with an observer, waits after each launch and shows its outputs; with a fault,
   * perturbs the outputs of the launches it names (tests only).
   */
  public synchronized RunResult run(Map<String, Tensor> inputs, RunHooks hooks) {
    LaunchObserver observer = hooks.observer();
    LaunchFault fault = hooks.fault();
    if (closed) {
      throw new DeviceException("the model was closed on " + context.device().summary() + "; load it again");
    }
    PlanInputs.check(plan.inputSpecs(), inputs);
    enqueueRun(inputs, hooks, observer != null || fault != null || hooks.isolated() != null);
    return collect();
  }

  /** Enqueues the input writes, the launches and the reads of the error flag and the outputs. */
  private void enqueueRun(Map<String, Tensor> inputs, RunHooks hooks, boolean hooked) {
    LaunchObserver observer = hooks.observer();
    LaunchFault fault = hooks.fault();
    for (Map.Entry<String, Integer> in : plan.inputs().entrySet()) {
      Tensor t = inputs.get(in.getKey());
      writeInput(plan.buffers().get(in.getValue()), t);
    }
    List<Launch> launches = plan.launches();
    // Hooks see every launch, the load-time ones included, under the numbers the plan gives them.
    int first = hooked || loadTimeStale ? 0 : plan.loadLaunches();
    loadTimeStale = hooked;
    for (int i = first; i < launches.size(); i++) {
      Launch l = launches.get(i);
      if (hooks.isolated() != null) {
        feedIsolated(l, hooks.isolated());
      }
      context.enqueue(kernels.get(i), l.globalSize(), l.localSize());
      if (fault != null && l.onnxNodes().contains(fault.onnxNode())) {
        perturb(l, fault.delta());
      }
      if (observer != null) {
        context.finish();
        Map<String, Tensor> written = new LinkedHashMap<>();
        for (int id : l.outputs()) {
          if (lastWriter[id] != i) {
            continue; // written in parts (a Concat done in place): shown whole after its last part
          }
          BufferSpec b = plan.buffers().get(id);
          written.put(b.value(), read(b, b.shape(), DataType.fromOnnx(b.onnxType(), b.value())));
        }
        observer.afterStep(i, l.kernelName(), l.onnxNodes(), written);
      }
    }
    // the error flag and the outputs are read behind the launches, and the run waits for the queue once
    BufferSpec flag = errorFlag();
    if (flag != null) {
      results.enqueue(slots.get(flag.slot()), flag.id(), flag.bytes());
    }
    for (TensorSpec o : plan.outputSpecs()) {
      BufferSpec b = plan.buffers().get(plan.outputs().get(o.name()));
      results.enqueue(slots.get(b.slot()), b.id(), b.bytes());
    }
  }

  /** Waits for the queue, then checks the error flag and returns the outputs read behind the launches. */
  private RunResult collect() {
    BufferSpec flag = errorFlag();
    context.finish();
    staged.drained();
    if (flag != null) {
      checkErrorFlag(flag, results.longs(flag.id(), 1)[0]);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (TensorSpec o : plan.outputSpecs()) {
      BufferSpec b = plan.buffers().get(plan.outputs().get(o.name()));
      out.put(o.name(), staged(b, o.shape(), DataType.fromOnnx(o.onnxType(), o.name())));
    }
    return new RunResult(out, provenance);
  }

  /**
   * Runs the plan once and returns each launch's time on the device, in nanoseconds, from the queue's event
   * profiling (start to end of the kernel on the device's clock): what the performance model is checked and
   * calibrated against.
   */
  public synchronized long[] profile(Map<String, Tensor> inputs) {
    if (closed) {
      throw new DeviceException("the model was closed on " + context.device().summary() + "; load it again");
    }
    PlanInputs.check(plan.inputSpecs(), inputs);
    for (Map.Entry<String, Integer> in : plan.inputs().entrySet()) {
      Tensor t = inputs.get(in.getKey());
      writeInput(plan.buffers().get(in.getValue()), t);
    }
    return launchAllAndTime();
  }

  /**
   * Enqueues every per-run launch back to back, as a run does (waiting after each would time a device woken for
   * every launch instead), waits for the queue, and returns each launch's own device time (0 for the load-time
   * launches, which a run does not enqueue).
   */
  private long[] launchAllAndTime() {
    List<Launch> launches = plan.launches();
    List<ClEvent> events = new ArrayList<>(launches.size());
    try {
      if (loadTimeStale) {
        for (int i = 0; i < plan.loadLaunches(); i++) {
          Launch l = launches.get(i);
          context.enqueue(kernels.get(i), l.globalSize(), l.localSize());
        }
        loadTimeStale = false;
      }
      for (int i = plan.loadLaunches(); i < launches.size(); i++) {
        Launch l = launches.get(i);
        events.add(context.launch(kernels.get(i), l.globalSize(), l.localSize()));
      }
      context.finish();
      staged.drained();
      List<ClEvent.Profile> profiles = new ArrayList<>(events.size());
      for (ClEvent e : events) {
        profiles.add(e.profile());
      }
      long[] times = new long[launches.size()];
      long[] perRun = InOrderTimes.nanos(profiles);
      System.arraycopy(perRun, 0, times, plan.loadLaunches(), perRun.length);
      return times;
    } finally {
      events.forEach(ClEvent::close);
    }
  }

  /** Writes the launch's graph-value inputs from {@code values} (weights and scratch stay as they are). */
  private void feedIsolated(Launch l, java.util.function.Function<String, Tensor> values) {
    for (KernelArg a : l.args()) {
      if (a instanceof KernelArg.Buffer b && !l.outputs().contains(b.bufferId())
          && !plan.constants().containsKey(b.bufferId())) {
        BufferSpec spec = plan.buffers().get(b.bufferId());
        Tensor t = values.apply(spec.value());
        if (t != null && t.size() == spec.elements()) {
          write(spec, t.isFloating() ? t.floats() : t.longs());
        }
      }
    }
  }

  /**
   * Runs the plan once and times its parts: the host stages and queues the input writes without waiting (as a
   * run does), waits for each output read, and every launch's device time comes from its OpenCL event (the queue
   * profiles).
   */
  public synchronized ProfiledRun runProfiled(Map<String, Tensor> inputs) {
    if (closed) {
      throw new DeviceException("the model was closed on " + context.device().summary() + "; load it again");
    }
    PlanInputs.check(plan.inputSpecs(), inputs);
    long t0 = System.nanoTime();
    for (Map.Entry<String, Integer> in : plan.inputs().entrySet()) {
      Tensor t = inputs.get(in.getKey());
      writeInput(plan.buffers().get(in.getValue()), t);
    }
    long t1 = System.nanoTime();
    long[] launchNanos = launchAllAndTime();
    checkErrorFlag();
    long t2 = System.nanoTime();
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (TensorSpec o : plan.outputSpecs()) {
      BufferSpec b = plan.buffers().get(plan.outputs().get(o.name()));
      out.put(o.name(), read(b, o.shape(), DataType.fromOnnx(o.onnxType(), o.name())));
    }
    long t3 = System.nanoTime();
    return new ProfiledRun(out, t1 - t0, t2 - t1, launchNanos, t3 - t2);
  }

  /** The plan's error flag (kernels that meet bad data raise it), or null when its kernels cannot. */
  private BufferSpec errorFlag() {
    return plan.buffers().stream().filter(b -> b.value().equals(ErrorFlag.BUFFER)).findFirst().orElse(null);
  }

  /** Reads and clears the plan's error flag; a raised flag is the reference's typed error for those nodes. */
  private void checkErrorFlag() {
    BufferSpec flag = errorFlag();
    if (flag != null) {
      checkErrorFlag(flag, read(flag, new int[] {1}, DataType.INT64).longs()[0]);
    }
  }

  /** Clears a raised flag (the next run starts clean) and throws the refusal it codes. */
  private void checkErrorFlag(BufferSpec flag, long code) {
    if (code == 0) {
      return;
    }
    write(flag, new long[1]);
    throw DeviceRefusal.of(plan, flag.id(), code);
  }

  private void perturb(Launch l, float delta) {
    context.finish();
    for (int id : l.outputs()) {
      BufferSpec b = plan.buffers().get(id);
      if (b.type() == ElementType.FLOAT) {
        float[] f = new float[(int) b.elements()];
        slots.get(b.slot()).read(f);
        for (int k = 0; k < f.length; k++) {
          f[k] += delta;
        }
        slots.get(b.slot()).write(f);
      }
    }
  }

  /** A run's input, staged and written without waiting (the run waits for the queue at its end). */
  private void writeInput(BufferSpec b, Tensor t) {
    Object data = t.isFloating() ? t.floats() : t.longs();
    checkSize(b, data instanceof float[] f ? f.length : ((long[]) data).length);
    staged.write(context, slots.get(b.slot()), b.id(), data);
    staged.queued();
  }

  private void write(BufferSpec b, Object data) {
    ClBuffer slot = slots.get(b.slot());
    if (data instanceof float[] f) {
      checkSize(b, f.length);
      if (f.length > 0) {
        slot.write(f);
      }
    } else {
      long[] l = (long[]) data;
      checkSize(b, l.length);
      if (l.length > 0) {
        ByteBuffer bb = ByteBuffer.allocateDirect(l.length * 8).order(ByteOrder.nativeOrder());
        bb.asLongBuffer().put(l);
        slot.write(0, bb);
      }
    }
  }

  private static void checkSize(BufferSpec b, int n) {
    if (n != b.elements()) {
      throw new InvalidModelException("'" + b.value() + "' has " + n + " elements, the plan expects " + b.elements());
    }
  }

  /** An output read by {@link StagedOutputs}, as {@link #read} would return it. */
  private Tensor staged(BufferSpec b, int[] shape, DataType dtype) {
    int n = (int) b.elements();
    if (b.type() == ElementType.FLOAT) {
      return Tensor.ofFloats(dtype.isFloating() ? dtype : DataType.FLOAT, shape, results.floats(b.id(), n));
    }
    return Tensor.ofLongs(dtype.isFloating() ? DataType.INT64 : dtype, shape, results.longs(b.id(), n));
  }

  private Tensor read(BufferSpec b, int[] shape, DataType dtype) {
    ClBuffer slot = slots.get(b.slot());
    int n = (int) b.elements();
    if (b.type() == ElementType.FLOAT) {
      float[] f = new float[n];
      if (n > 0) {
        slot.read(f);
      }
      return Tensor.ofFloats(dtype.isFloating() ? dtype : DataType.FLOAT, shape, f);
    }
    long[] l = new long[n];
    if (n > 0) {
      ByteBuffer bb = ByteBuffer.allocateDirect(n * 8).order(ByteOrder.nativeOrder());
      slot.read(0, bb);
      bb.flip();
      bb.asLongBuffer().get(l);
    }
    return Tensor.ofLongs(dtype.isFloating() ? DataType.INT64 : dtype, shape, l);
  }

  /** Waits for a run in flight, then releases everything; later runs fail with a DeviceException. */

  /**
   * Writes the binaries of programs built from source here that the cache left for later: at close, after the
   * results, because the driver compiles every kernel once more to give them. A failure here only costs a later
   * compile.
   */
  private void keepBinaries() {
    for (int i : unwritten) {
      if (context.isClosed()) {
        return;
      }
      KernelSource src = plan.programs().get(i);
      try {
        binaryCache.keep(programs.get(i).program(), src.source(), src.buildOptions());
      } catch (RuntimeException e) {
        System.getLogger(OpenClExecutable.class.getName()).log(System.Logger.Level.WARNING,
            "kernel binary not kept: {0}", e.toString());
      }
    }
    unwritten.clear();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      staged.waitFor(context);
    } catch (DeviceException e) {
      // the device failed with writes queued: release everything all the same
    }
    kernels.forEach(ClKernel::close);
    keepBinaries();
    programs.forEach(ProgramCache.Lease::close);
    slots.forEach(ClBuffer::close);
  }
}
