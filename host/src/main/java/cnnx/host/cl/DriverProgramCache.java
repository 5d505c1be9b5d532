package cnnx.host.cl;

import java.util.Map;

/**
 * Whether a device's driver keeps compiled programs on disk itself, so that cnnx's own binary cache can write
 * them later ({@link KernelBinaryCache#defers}). PoCL does (its kernel cache, on unless
 * {@code POCL_KERNEL_CACHE=0}); and asking PoCL for a program's binary makes it compile every kernel once more
 * for an unknown work-group size, on top of the compile its first launch does: with both caches empty,
 * ResNet-18's first result took 11.2 s with the binaries written at build and 7.5 s without.
 */
final class DriverProgramCache {
  static final String POCL_PLATFORM = "Portable Computing Language";

  private DriverProgramCache() {}

  static boolean keepsOwn(DeviceInfo device, Map<String, String> env) {
    return device.platformName().contains(POCL_PLATFORM) && !"0".equals(env.get("POCL_KERNEL_CACHE"));
  }
}
