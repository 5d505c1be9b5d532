package cnnx.host.cl;

import static org.jocl.CL.CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clSetKernelArg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * One kernel of a program with its arguments. Not for concurrent use: arguments set from two
 * threads at once would mix (an OpenCL rule, not ours).
 */
public final class ClKernel extends ClResource {
  private final cl_kernel kernel;
  private final String name;

  ClKernel(ClContext owner, cl_kernel kernel, String name) {
    super(LiveObjects.Kind.KERNEL, owner);
    this.kernel = kernel;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public ClKernel arg(int index, ClBuffer buffer) {
    buffer.ensureOpen();
    if (buffer.context() != context()) {
      throw new IllegalArgumentException("buffer belongs to another context");
    }
    if (buffer.isShared()) {
      ensureOpen();
      int code = org.jocl.CL.clSetKernelArgSVMPointer(kernel, index, buffer.svmPointer());
      ClErrors.check(code, "clSetKernelArgSVMPointer", "kernel " + name + " argument " + index);
      return this;
    }
    return set(index, Sizeof.cl_mem, Pointer.to(buffer.handle()), "buffer");
  }

  public ClKernel arg(int index, int value) {
    return set(index, Sizeof.cl_int, Pointer.to(new int[] {value}), "int " + value);
  }

  public ClKernel arg(int index, long value) {
    return set(index, Sizeof.cl_long, Pointer.to(new long[] {value}), "long " + value);
  }

  public ClKernel arg(int index, float value) {
    return set(index, Sizeof.cl_float, Pointer.to(new float[] {value}), "float " + value);
  }

  /** A {@code __local} argument of {@code bytes} bytes. */
  public ClKernel localArg(int index, long bytes) {
    return set(index, bytes, null, "local " + bytes + " bytes");
  }

  /** The largest work-group this kernel can run in on the context's device. */
  public long maxWorkGroupSize() {
    return workGroupInfo(CL_KERNEL_WORK_GROUP_SIZE);
  }

  /** Work-group sizes that are multiples of this run best. */
  public long preferredWorkGroupSizeMultiple() {
    return workGroupInfo(CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE);
  }

  private long workGroupInfo(int param) {
    ensureOpen();
    ByteBuffer value = ByteBuffer.allocate(Sizeof.size_t).order(ByteOrder.nativeOrder());
    ClErrors.check(
        clGetKernelWorkGroupInfo(
            kernel, context().deviceHandle(), param, Sizeof.size_t, Pointer.to(value), null),
        "clGetKernelWorkGroupInfo",
        "kernel " + name);
    return ClInfo.readSize(value);
  }

  private ClKernel set(int index, long size, Pointer value, String what) {
    ensureOpen();
    ClErrors.check(
        clSetKernelArg(kernel, index, size, value),
        "clSetKernelArg",
        "kernel " + name + " argument " + index + " (" + what + ")");
    return this;
  }

  cl_kernel handle() {
    return kernel;
  }

  @Override
  int release() {
    return DriverCompiles.serially(() -> clReleaseKernel(kernel));
  }

  @Override
  String releaseCall() {
    return "clReleaseKernel";
  }
}
