package cnnx.host.cl;

import static org.jocl.CL.CL_PROGRAM_BINARIES;
import static org.jocl.CL.CL_PROGRAM_BINARY_SIZES;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_PROGRAM_KERNEL_NAMES;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clGetProgramInfo;
import static org.jocl.CL.clReleaseProgram;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/** A program built for the context's device. */
public final class ClProgram extends ClResource {
  /** Where the program was built from. */
  public enum Origin {
    SOURCE,
    BINARY
  }

  private final cl_program program;
  private final Origin origin;

  ClProgram(ClContext owner, cl_program program, Origin origin) {
    super(LiveObjects.Kind.PROGRAM, owner);
    this.program = program;
    this.origin = origin;
  }

  public Origin origin() {
    return origin;
  }

  /** Creates a kernel for the {@code __kernel} function {@code name}. */
  public ClKernel kernel(String name) {
    ensureOpen();
    int[] error = new int[1];
    cl_kernel kernel = DriverCompiles.serially(() -> clCreateKernel(program, name, error));
    if (error[0] != 0) {
      String known;
      try {
        known = kernelNames().toString();
      } catch (DeviceException e) {
        known = "(unknown)";
      }
      ClErrors.check(error[0], "clCreateKernel", "kernel " + name + "; program has " + known);
    }
    return new ClKernel(context(), kernel, name);
  }

  /** Names of the kernels the program defines. */
  public List<String> kernelNames() {
    ensureOpen();
    long[] size = new long[1];
    ClErrors.check(
        clGetProgramInfo(program, CL_PROGRAM_KERNEL_NAMES, 0, null, size), "clGetProgramInfo");
    byte[] bytes = new byte[(int) size[0]];
    ClErrors.check(
        clGetProgramInfo(program, CL_PROGRAM_KERNEL_NAMES, bytes.length, Pointer.to(bytes), null),
        "clGetProgramInfo");
    String names = ClInfo.cString(bytes);
    return names.isEmpty() ? List.of() : Arrays.asList(names.split(";"));
  }

  /** The compiler's messages for this device (warnings even when the build succeeded). */
  public String buildLog() {
    ensureOpen();
    return readBuildLog();
  }

  /**
   * The device binary, which {@link ClContext#buildProgramFromBinary} accepts on the same device.
   */
  public byte[] binary() {
    ensureOpen();
    return DriverCompiles.serially(this::readBinary);
  }

  private byte[] readBinary() {
    ByteBuffer sizes = ByteBuffer.allocate(Sizeof.size_t).order(ByteOrder.nativeOrder());
    ClErrors.check(
        clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(sizes), null),
        "clGetProgramInfo",
        "CL_PROGRAM_BINARY_SIZES");
    long size = ClInfo.readSize(sizes);
    if (size <= 0 || size > Integer.MAX_VALUE - 64) {
      throw new DeviceException(
          "program binary of " + context().device().deviceName() + " has unusable size " + size);
    }
    byte[] binary = new byte[(int) size];
    Pointer[] targets = {Pointer.to(binary)};
    ClErrors.check(
        clGetProgramInfo(program, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(targets), null),
        "clGetProgramInfo",
        "CL_PROGRAM_BINARIES");
    return binary;
  }

  String readBuildLog() {
    long[] size = new long[1];
    int code =
        clGetProgramBuildInfo(
            program, context().deviceHandle(), CL_PROGRAM_BUILD_LOG, 0, null, size);
    if (code != 0 || size[0] <= 0) {
      return "";
    }
    byte[] bytes = new byte[(int) size[0]];
    code =
        clGetProgramBuildInfo(
            program,
            context().deviceHandle(),
            CL_PROGRAM_BUILD_LOG,
            bytes.length,
            Pointer.to(bytes),
            null);
    return code != 0 ? "" : ClInfo.cString(bytes);
  }

  cl_program handle() {
    return program;
  }

  @Override
  int release() {
    return DriverCompiles.serially(() -> clReleaseProgram(program));
  }

  @Override
  String releaseCall() {
    return "clReleaseProgram";
  }
}
