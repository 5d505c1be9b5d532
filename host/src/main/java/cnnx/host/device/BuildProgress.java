package cnnx.host.device;

/** Told after each of a plan's programs is built (or taken from the binary cache) while a provider loads it. */
@FunctionalInterface
public interface BuildProgress {
  BuildProgress NONE = (done, total) -> {};

  void built(int done, int total);
}
