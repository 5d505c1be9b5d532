package cnnx.host.cl;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One owned OpenCL object: counted in {@link LiveObjects} while open, released exactly once by
 * {@link #close()}, and remembered by its context so closing the context releases leftovers.
 */
abstract sealed class ClResource implements AutoCloseable
    permits ClBuffer, ClProgram, ClKernel, ClEvent {
  private final LiveObjects.Kind kind;
  private final ClContext owner;
  private final AtomicBoolean closed = new AtomicBoolean();

  ClResource(LiveObjects.Kind kind, ClContext owner) {
    this.kind = kind;
    this.owner = owner;
    LiveObjects.created(kind);
    owner.adopt(this);
  }

  /** The context this object belongs to. */
  public ClContext context() {
    return owner;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Releases the OpenCL object; later calls do nothing. */
  @Override
  public final void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    owner.forget(this);
    LiveObjects.released(kind);
    ClErrors.check(release(), releaseCall());
  }

  /** Throws unless this object (and so its context) is still open. */
  final void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(kind.name().toLowerCase() + " already closed");
    }
  }

  /** Calls the matching clRelease* and returns its error code. */
  abstract int release();

  abstract String releaseCall();

  /** Lower numbers close first when a context closes its leftovers. */
  final int closeOrder() {
    return switch (kind) {
      case EVENT -> 0;
      case KERNEL -> 1;
      case PROGRAM -> 2;
      case BUFFER -> 3;
      case QUEUE, CONTEXT -> 4;
    };
  }
}
