package cnnx.host.cl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.CL_QUEUE_PROPERTIES;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateProgramWithBinary;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clFlush;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

/**
 * An OpenCL context on one device with one in-order, profiling command queue. Everything created
 * through it is released by its own {@code close()}, and at the latest when the context closes.
 *
 * <p>Safe to share between threads. Commands on the queue (launches, transfers, waits) are issued
 * one thread at a time: the queue runs them in order anyway, and PoCL's {@code basic} device was
 * seen to deadlock when several threads enqueued on one queue at once. For parallel work, open one
 * context per thread.
 */
public final class ClContext implements AutoCloseable {
  /** How kernels may use a buffer. */
  public enum Access {
    READ_ONLY(CL_MEM_READ_ONLY),
    WRITE_ONLY(CL_MEM_WRITE_ONLY),
    READ_WRITE(CL_MEM_READ_WRITE);

    final long flags;

    Access(long flags) {
      this.flags = flags;
    }
  }

  private final DeviceInfo info;
  private final cl_device_id device;
  private final cl_context context;
  private final cl_command_queue queue;
  private final Set<ClResource> children = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock queueLock = new ReentrantLock();
  private final ProgramCache programs = new ProgramCache(this);
  private final boolean sharesHostMemory;

  private ClContext(
      DeviceInfo info, cl_device_id device, cl_context context, cl_command_queue queue) {
    this.info = info;
    this.device = device;
    this.context = context;
    this.queue = queue;
    this.sharesHostMemory = !"off".equals(System.getProperty("cnnx.svm")) && info.type() == ClDeviceType.CPU
        && info.openClMajorVersion() >= 2 && fineGrainBuffers(device);
  }

  /** Whether the device reports fine-grained buffer SVM; false where the query fails (OpenCL 1.x drivers). */
  private static boolean fineGrainBuffers(cl_device_id device) {
    long[] caps = new long[1];
    int code = org.jocl.CL.clGetDeviceInfo(device, org.jocl.CL.CL_DEVICE_SVM_CAPABILITIES, org.jocl.Sizeof.cl_ulong,
        org.jocl.Pointer.to(caps), null);
    return code == org.jocl.CL.CL_SUCCESS && (caps[0] & org.jocl.CL.CL_DEVICE_SVM_FINE_GRAIN_BUFFER) != 0;
  }

  /** Opens a context and queue on a device returned by {@link OpenClPlatforms#discover()}. */
  public static ClContext open(DeviceInfo info) {
    Objects.requireNonNull(info, "info");
    SignalChaining.warnOnceIfMissing();
    OpenClPlatforms.Handles handles = OpenClPlatforms.locate(info);
    cl_context_properties properties = new cl_context_properties();
    properties.addProperty(CL_CONTEXT_PLATFORM, handles.platform());
    int[] error = new int[1];
    cl_context context =
        clCreateContext(properties, 1, new cl_device_id[] {handles.device()}, null, null, error);
    ClErrors.check(error[0], "clCreateContext", info.deviceName());
    LiveObjects.created(LiveObjects.Kind.CONTEXT);
    cl_command_queue queue;
    try {
      queue = createQueue(info, context, handles.device());
    } catch (RuntimeException e) {
      LiveObjects.released(LiveObjects.Kind.CONTEXT);
      clReleaseContext(context);
      throw e;
    }
    LiveObjects.created(LiveObjects.Kind.QUEUE);
    return new ClContext(info, handles.device(), context, queue);
  }

  // clCreateCommandQueue is deprecated since OpenCL 2.0 but the only way on 1.x devices.
  @SuppressWarnings("deprecation")
  private static cl_command_queue createQueue(
      DeviceInfo info, cl_context context, cl_device_id device) {
    int[] error = new int[1];
    cl_command_queue queue;
    String call;
    if (info.openClMajorVersion() >= 2) {
      cl_queue_properties properties = new cl_queue_properties();
      properties.addProperty(CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE);
      call = "clCreateCommandQueueWithProperties";
      queue = clCreateCommandQueueWithProperties(context, device, properties, error);
    } else {
      call = "clCreateCommandQueue";
      queue = clCreateCommandQueue(context, device, CL_QUEUE_PROFILING_ENABLE, error);
    }
    ClErrors.check(error[0], call, info.deviceName());
    return queue;
  }

  public DeviceInfo device() {
    return info;
  }

  /** The programs built on this context, shared by the executables loaded on it. */
  public ProgramCache programs() {
    return programs;
  }

  /** A device buffer of {@code bytes} bytes, uninitialised. */
  public ClBuffer createBuffer(long bytes, Access access) {
    ensureOpen();
    ClFaults.check(ClFaults.Point.ALLOCATE);
    if (bytes <= 0) {
      throw new IllegalArgumentException("buffer size must be positive, got " + bytes);
    }
    int[] error = new int[1];
    cl_mem mem = clCreateBuffer(context, access.flags, bytes, null, error);
    ClErrors.check(error[0], "clCreateBuffer", bytes + " bytes on " + info.deviceName());
    return new ClBuffer(this, mem, bytes);
  }

  /** A read-only buffer holding a copy of {@code data}. */
  public ClBuffer upload(float[] data) {
    ClBuffer buffer = createBuffer(Math.max(1, (long) data.length * Float.BYTES), Access.READ_ONLY);
    try {
      buffer.write(data);
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
    return buffer;
  }

  /** Compiles OpenCL C source for this device; a failed build throws with the build log. */
  public ClProgram buildProgram(String source, String options) {
    ensureOpen();
    int[] error = new int[1];
    cl_program program =
        DriverCompiles.serially(() -> clCreateProgramWithSource(context, 1, new String[] {source}, null, error));
    ClErrors.check(error[0], "clCreateProgramWithSource");
    return build(new ClProgram(this, program, ClProgram.Origin.SOURCE), options);
  }

  /** Loads a binary previously taken from {@link ClProgram#binary()} on the same device. */
  public ClProgram buildProgramFromBinary(byte[] binary, String options) {
    ensureOpen();
    int[] binaryStatus = new int[1];
    int[] error = new int[1];
    // PoCL unpacks a binary into its own cache folder here: one driver program operation at a time.
    cl_program program =
        DriverCompiles.serially(
            () ->
                clCreateProgramWithBinary(
                    context,
                    1,
                    new cl_device_id[] {device},
                    new long[] {binary.length},
                    new byte[][] {binary},
                    binaryStatus,
                    error));
    ClErrors.check(error[0], "clCreateProgramWithBinary", binary.length + " bytes");
    ClProgram wrapped = new ClProgram(this, program, ClProgram.Origin.BINARY);
    if (binaryStatus[0] != 0) {
      wrapped.close();
      ClErrors.check(binaryStatus[0], "clCreateProgramWithBinary", "binary status");
    }
    return build(wrapped, options);
  }

  private ClProgram build(ClProgram program, String options) {
    try {
      ClFaults.check(ClFaults.Point.BUILD);
    } catch (DeviceException e) {
      program.close();
      throw e;
    }
    int code =
        DriverCompiles.serially(
            () ->
                clBuildProgram(
                    program.handle(),
                    1,
                    new cl_device_id[] {device},
                    options == null ? "" : options,
                    null,
                    null));
    if (code != 0) {
      String log = program.readBuildLog();
      program.close();
      throw DeviceException.buildFailed("clBuildProgram", code, info.deviceName(), log);
    }
    return program;
  }

  /**
   * Enqueues {@code kernel} over {@code global} work-items, in work-groups of {@code local} (null:
   * the driver chooses). Returns the launch's event, which the caller must close.
   */
  public ClEvent launch(ClKernel kernel, long[] global, long[] local) {
    ensureOpen();
    ClFaults.check(ClFaults.Point.ENQUEUE);
    kernel.ensureOpen();
    checkSizes(global, local);
    cl_event event = new cl_event();
    ClErrors.check(
        onQueue(
            () ->
                clEnqueueNDRangeKernel(
                    queue, kernel.handle(), global.length, null, global, local, 0, null, event)),
        "clEnqueueNDRangeKernel",
        "kernel " + kernel.name());
    return new ClEvent(this, event, "kernel " + kernel.name());
  }

  /**
   * Enqueues a kernel without an event: a run's launches are waited for together, and an event per launch (created,
   * tracked and released) is a measurable share of a small model's run.
   */
  public void enqueue(ClKernel kernel, long[] global, long[] local) {
    ensureOpen();
    ClFaults.check(ClFaults.Point.ENQUEUE);
    kernel.ensureOpen();
    checkSizes(global, local);
    ClErrors.check(
        onQueue(() -> clEnqueueNDRangeKernel(queue, kernel.handle(), global.length, null, global, local, 0, null, null)),
        "clEnqueueNDRangeKernel",
        "kernel " + kernel.name());
  }

  /** Blocks until every queued command has finished. */
  public void finish() {
    ensureOpen();
    ClErrors.check(onQueue(() -> clFinish(queue)), "clFinish");
  }

  /**
   * Whether this device works in host memory and shares it with the host at a fine grain (a CPU device with
   * {@code CL_DEVICE_SVM_FINE_GRAIN_BUFFER}): then {@link #createSharedBuffer} gives buffers the host reads and
   * writes in place. Off with {@code -Dcnnx.svm=off}.
   */
  public boolean sharesHostMemory() {
    return sharesHostMemory;
  }

  /**
   * A buffer in fine-grained shared virtual memory ({@code clSVMAlloc}); only where {@link #sharesHostMemory}. The
   * host copies in and out of it without commands, a kernel takes it as any buffer.
   */
  public ClBuffer createSharedBuffer(long bytes) {
    ensureOpen();
    ClFaults.check(ClFaults.Point.ALLOCATE);
    if (!sharesHostMemory) {
      throw new IllegalStateException(info.deviceName() + " does not share host memory at a fine grain");
    }
    if (bytes <= 0) {
      throw new IllegalArgumentException("buffer size must be positive, got " + bytes);
    }
    org.jocl.Pointer p = org.jocl.CL.clSVMAlloc(context,
        org.jocl.CL.CL_MEM_READ_WRITE | org.jocl.CL.CL_MEM_SVM_FINE_GRAIN_BUFFER, bytes, 0);
    if (p == null || p.equals(new org.jocl.Pointer())) {
      throw DeviceException.clError("clSVMAlloc", org.jocl.CL.CL_OUT_OF_RESOURCES,
          bytes + " bytes of shared memory on " + info.deviceName());
    }
    return new ClBuffer(this, p, bytes);
  }

  /** Submits queued commands without waiting. */
  public void flush() {
    ensureOpen();
    ClErrors.check(onQueue(() -> clFlush(queue)), "clFlush");
  }

  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Waits for queued work, releases any objects still open (events, kernels, programs, buffers),
   * then the queue and the context. Later calls do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    DeviceException first = null;
    int finishCode = onQueue(() -> clFinish(queue));
    if (finishCode != 0) {
      first = DeviceException.clError("clFinish", finishCode, "while closing");
    }
    programs.clear();
    List<ClResource> leftovers = new ArrayList<>(children);
    leftovers.sort(Comparator.comparingInt(ClResource::closeOrder));
    for (ClResource resource : leftovers) {
      try {
        resource.close();
      } catch (DeviceException e) {
        first = first == null ? e : first;
      }
    }
    LiveObjects.released(LiveObjects.Kind.QUEUE);
    LiveObjects.released(LiveObjects.Kind.CONTEXT);
    int queueCode = clReleaseCommandQueue(queue);
    int contextCode = clReleaseContext(context);
    if (first != null) {
      throw first;
    }
    ClErrors.check(queueCode, "clReleaseCommandQueue");
    ClErrors.check(contextCode, "clReleaseContext");
  }

  private static void checkSizes(long[] global, long[] local) {
    if (global.length < 1 || global.length > 3 || (local != null && local.length != global.length)) {
      throw new IllegalArgumentException("need 1 to 3 global sizes and as many local sizes, got " + global.length
          + " and " + (local == null ? "none" : local.length));
    }
  }

  /** Runs one OpenCL call that touches the queue, holding the queue lock; returns its code. */
  int onQueue(IntSupplier call) {
    queueLock.lock();
    try {
      return call.getAsInt();
    } finally {
      queueLock.unlock();
    }
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("OpenCL context on " + info.deviceName() + " already closed");
    }
  }

  void adopt(ClResource resource) {
    children.add(resource);
  }

  void forget(ClResource resource) {
    children.remove(resource);
  }

  cl_command_queue queue() {
    return queue;
  }

  cl_context handle() {
    return context;
  }

  cl_device_id deviceHandle() {
    return device;
  }
}
