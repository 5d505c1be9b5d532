package cnnx.host.device.aparapi.lower;

import com.aparapi.Kernel;

/** Where a step's kernels run: the device's kernel instances, and the launch with its execution check. */
public interface Launcher {
  /** The device's one instance of a kernel class (Aparapi translates each instance's class once). */
  <K extends Kernel> K kernel(Class<K> type);

  /** Runs {@code kernel} over {@code size} work-items for {@code step}; checks where it really ran. */
  void launch(Kernel kernel, int size, Step step);
}
