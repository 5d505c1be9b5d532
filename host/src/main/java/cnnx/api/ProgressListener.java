package cnnx.api;

/**
 * Told how far a long step has got: building a plan's kernel programs on a device ({@code "building kernels"}),
 * calibrating a device. Called from the thread doing the work; {@code done} reaches {@code total} at the end.
 */
@FunctionalInterface
public interface ProgressListener {
  void progress(String task, long done, long total);
}
