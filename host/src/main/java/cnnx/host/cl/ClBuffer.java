package cnnx.host.cl;

import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSVMFree;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_mem;

/**
 * A device buffer. Reads and writes block until done, so Java arrays can be passed safely; {@link #writeAsync}
 * takes a direct buffer and does not wait.
 *
 * <p>A shared buffer ({@link ClContext#createSharedBuffer}) is fine-grained shared virtual memory on a device that
 * works in host memory: kernels and the host address the same bytes, so a transfer is a copy on the host after the
 * queue has run what it holds, with no command for the driver to schedule.
 */
public final class ClBuffer extends ClResource {
  private final cl_mem mem;
  private final Pointer svm;
  private final ByteBuffer shared;
  private final long bytes;

  ClBuffer(ClContext owner, cl_mem mem, long bytes) {
    super(LiveObjects.Kind.BUFFER, owner);
    this.mem = mem;
    this.svm = null;
    this.shared = null;
    this.bytes = bytes;
  }

  /** A buffer in fine-grained shared virtual memory allocated by {@code clSVMAlloc}. */
  ClBuffer(ClContext owner, Pointer svm, long bytes) {
    super(LiveObjects.Kind.BUFFER, owner);
    this.mem = null;
    this.svm = svm;
    this.shared = svm.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
    this.bytes = bytes;
  }

  /** Whether this buffer is shared virtual memory, read and written by the host in place. */
  public boolean isShared() {
    return svm != null;
  }

  /**
   * The shared buffer's bytes from 0 to its size, for reading once the queue has run what reads or writes it;
   * throws for a device buffer.
   */
  public ByteBuffer sharedBytes() {
    ensureOpen();
    if (shared == null) {
      throw new IllegalStateException("not a shared buffer");
    }
    return shared.duplicate().order(ByteOrder.nativeOrder());
  }

  /** Size in bytes. */
  public long bytes() {
    return bytes;
  }

  /** Copies {@code data} to the start of the buffer. */
  public void write(float[] data) {
    if (svm != null) {
      ByteBuffer b = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.nativeOrder());
      b.asFloatBuffer().put(data);
      hostCopy(true, 0, b);
      return;
    }
    transfer(true, 0, (long) data.length * Float.BYTES, Pointer.to(data));
  }

  /** Copies {@code data} to the start of the buffer. */
  public void write(int[] data) {
    if (svm != null) {
      ByteBuffer b = ByteBuffer.allocate(data.length * Integer.BYTES).order(ByteOrder.nativeOrder());
      b.asIntBuffer().put(data);
      hostCopy(true, 0, b);
      return;
    }
    transfer(true, 0, (long) data.length * Integer.BYTES, Pointer.to(data));
  }

  /**
   * Copies the remaining bytes of {@code data} to the buffer at {@code offsetBytes} and advances
   * {@code data}'s position past them.
   */
  public void write(long offsetBytes, ByteBuffer data) {
    int length = data.remaining();
    if (svm != null) {
      hostCopy(true, offsetBytes, data.duplicate());
      data.position(data.position() + length);
      return;
    }
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
    if (svm != null) {
      hostCopy(true, 0, direct.duplicate().clear());
      return;
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
    if (svm != null) {
      throw new IllegalStateException("a shared buffer is read in place after the queue has finished"
          + " (sharedBytes), not copied behind it");
    }
    transfer(false, false, 0, direct.capacity(), Pointer.toBuffer(direct));
  }

  /** Fills {@code out} from the start of the buffer. */
  public void read(float[] out) {
    if (svm != null) {
      ByteBuffer b = ByteBuffer.allocate(out.length * Float.BYTES).order(ByteOrder.nativeOrder());
      hostCopy(false, 0, b);
      b.flip();
      b.asFloatBuffer().get(out);
      return;
    }
    transfer(false, 0, (long) out.length * Float.BYTES, Pointer.to(out));
  }

  /** Fills {@code out} from the start of the buffer. */
  public void read(int[] out) {
    if (svm != null) {
      ByteBuffer b = ByteBuffer.allocate(out.length * Integer.BYTES).order(ByteOrder.nativeOrder());
      hostCopy(false, 0, b);
      b.flip();
      b.asIntBuffer().get(out);
      return;
    }
    transfer(false, 0, (long) out.length * Integer.BYTES, Pointer.to(out));
  }

  /**
   * Fills the remaining bytes of {@code out} from the buffer at {@code offsetBytes} and advances
   * {@code out}'s position past them.
   */
  public void read(long offsetBytes, ByteBuffer out) {
    int length = out.remaining();
    if (svm != null) {
      hostCopy(false, offsetBytes, out.duplicate());
      out.position(out.position() + length);
      return;
    }
    transfer(false, offsetBytes, length, Pointer.toBuffer(out));
    out.position(out.position() + length);
  }

  /**
   * A shared buffer's transfer: waits for the queue (commands queued before may still read or write these bytes, as
   * a device transfer would wait behind them), then copies {@code host}'s remaining bytes in or out at {@code offset}.
   */
  private void hostCopy(boolean write, long offset, ByteBuffer host) {
    ensureOpen();
    ClFaults.check(ClFaults.Point.TRANSFER);
    long length = host.remaining();
    if (offset < 0 || offset + length > bytes) {
      throw new IllegalArgumentException((write ? "write" : "read") + " of " + length + " bytes at " + offset
          + " does not fit a buffer of " + bytes + " bytes");
    }
    context().finish();
    ByteBuffer view = shared.duplicate();
    view.position(Math.toIntExact(offset)).limit(Math.toIntExact(offset + length));
    if (write) {
      view.put(host);
    } else {
      host.put(view);
    }
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

  /** The shared buffer's address, or null for a device buffer. */
  Pointer svmPointer() {
    return svm;
  }

  @Override
  int release() {
    if (svm != null) {
      // unlike a buffer object, shared memory is freed at once: queued commands must not touch it any more
      int code = context().onQueue(() -> org.jocl.CL.clFinish(context().queue()));
      clSVMFree(context().handle(), svm);
      return code;
    }
    return clReleaseMemObject(mem);
  }

  @Override
  String releaseCall() {
    return "clReleaseMemObject";
  }
}
