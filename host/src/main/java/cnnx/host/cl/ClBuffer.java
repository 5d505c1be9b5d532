package cnnx.host.cl;

import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clReleaseMemObject;

import java.nio.ByteBuffer;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_mem;

/**
 * A device buffer. Reads and writes block until done, so Java arrays can be passed safely; {@link #writeAsync}
 * takes a direct buffer and does not wait.
 */
public final class ClBuffer extends ClResource {
  private final cl_mem mem;
  private final long bytes;

  ClBuffer(ClContext owner, cl_mem mem, long bytes) {
    super(LiveObjects.Kind.BUFFER, owner);
    this.mem = mem;
    this.bytes = bytes;
  }

  /** Size in bytes. */
  public long bytes() {
    return bytes;
  }

  /** Copies {@code data} to the start of the buffer. */
  public void write(float[] data) {
    transfer(true, 0, (long) data.length * Float.BYTES, Pointer.to(data));
  }

  /** Copies {@code data} to the start of the buffer. */
  public void write(int[] data) {
    transfer(true, 0, (long) data.length * Integer.BYTES, Pointer.to(data));
  }

  /**
   * Copies the remaining bytes of {@code data} to the buffer at {@code offsetBytes} and advances
   * {@code data}'s position past them.
   */
  public void write(long offsetBytes, ByteBuffer data) {
    int length = data.remaining();
    transfer(true, offsetBytes, length, Pointer.toBuffer(data));
    data.position(data.position() + length);
  }

  /**
   * Enqueues a copy of all of {@code direct} (a direct buffer, from 0 to its capacity) to the start of the buffer
   * and returns without waiting: {@code direct} must stay unchanged until a later blocking call on the context's
   * queue (a read, or {@link ClContext#finish}) has returned.
   */
  public void writeAsync(ByteBuffer direct) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("a write that does not wait needs a direct buffer: the JVM may move an array");
    }
    transfer(true, false, 0, direct.capacity(), Pointer.toBuffer(direct));
  }

  /**
   * Enqueues a copy of the start of the buffer into all of {@code direct} (a direct buffer, 0 to its capacity) and
   * returns without waiting: {@code direct} holds the bytes once a later blocking call on the context's queue (a
   * read, or {@link ClContext#finish}) has returned.
   */
  public void readAsync(ByteBuffer direct) {
    if (!direct.isDirect()) {
      throw new IllegalArgumentException("a read that does not wait needs a direct buffer: the JVM may move an array");
    }
    transfer(false, false, 0, direct.capacity(), Pointer.toBuffer(direct));
  }

  /** Fills {@code out} from the start of the buffer. */
  public void read(float[] out) {
    transfer(false, 0, (long) out.length * Float.BYTES, Pointer.to(out));
  }

  /** Fills {@code out} from the start of the buffer. */
  public void read(int[] out) {
    transfer(false, 0, (long) out.length * Integer.BYTES, Pointer.to(out));
  }

  /**
   * Fills the remaining bytes of {@code out} from the buffer at {@code offsetBytes} and advances
   * {@code out}'s position past them.
   */
  public void read(long offsetBytes, ByteBuffer out) {
    int length = out.remaining();
    transfer(false, offsetBytes, length, Pointer.toBuffer(out));
    out.position(out.position() + length);
  }

  private void transfer(boolean write, long offset, long length, Pointer host) {
    transfer(write, true, offset, length, host);
  }

  private void transfer(boolean write, boolean blocking, long offset, long length, Pointer host) {
    ensureOpen();
    ClFaults.check(ClFaults.Point.TRANSFER);
    if (offset < 0 || length < 0 || offset + length > bytes) {
      throw new IllegalArgumentException(
          (write ? "write" : "read")
              + " of "
              + length
              + " bytes at "
              + offset
              + " does not fit a buffer of "
              + bytes
              + " bytes");
    }
    if (length == 0) {
      return;
    }
    cl_command_queue queue = context().queue();
    int code =
        context()
            .onQueue(
                () ->
                    write
                        ? clEnqueueWriteBuffer(
                            queue, mem, blocking ? CL_TRUE : CL_FALSE, offset, length, host, 0, null, null)
                        : clEnqueueReadBuffer(
                            queue, mem, blocking ? CL_TRUE : CL_FALSE, offset, length, host, 0, null, null));
    ClErrors.check(code, write ? "clEnqueueWriteBuffer" : "clEnqueueReadBuffer", length + " bytes");
  }

  cl_mem handle() {
    return mem;
  }

  @Override
  int release() {
    return clReleaseMemObject(mem);
  }

  @Override
  String releaseCall() {
    return "clReleaseMemObject";
  }
}
