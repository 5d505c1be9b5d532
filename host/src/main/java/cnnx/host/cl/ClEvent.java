package cnnx.host.cl;

import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_QUEUED;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.CL_PROFILING_COMMAND_SUBMIT;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clWaitForEvents;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;

/** A queued command; wait for it, then read when it ran from the device's clock. */
public final class ClEvent extends ClResource {
  private final cl_event event;
  private final String what;

  ClEvent(ClContext owner, cl_event event, String what) {
    super(LiveObjects.Kind.EVENT, owner);
    this.event = event;
    this.what = what;
  }

  /** Device timestamps in nanoseconds of when the command was queued, submitted, started, ended. */
  public record Profile(long queued, long submitted, long started, long ended) {
    /** Time the command spent running on the device. */
    public long runNanos() {
      return ended - started;
    }
  }

  /** Blocks until the command has completed. */
  public void await() {
    ensureOpen();
    ClErrors.check(
        context().onQueue(() -> clWaitForEvents(1, new cl_event[] {event})),
        "clWaitForEvents",
        what);
  }

  /** Waits for the command, then returns its timestamps. */
  public Profile profile() {
    await();
    return new Profile(
        timestamp(CL_PROFILING_COMMAND_QUEUED),
        timestamp(CL_PROFILING_COMMAND_SUBMIT),
        timestamp(CL_PROFILING_COMMAND_START),
        timestamp(CL_PROFILING_COMMAND_END));
  }

  private long timestamp(int param) {
    long[] value = new long[1];
    ClErrors.check(
        clGetEventProfilingInfo(event, param, Sizeof.cl_ulong, Pointer.to(value), null),
        "clGetEventProfilingInfo",
        what);
    return value[0];
  }

  @Override
  int release() {
    return clReleaseEvent(event);
  }

  @Override
  String releaseCall() {
    return "clReleaseEvent";
  }
}
