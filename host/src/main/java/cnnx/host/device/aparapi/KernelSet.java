package cnnx.host.device.aparapi;

import com.aparapi.Kernel;
import java.util.HashMap;
import java.util.Map;

/**
 * One instance of each kernel class per device, shared by every model loaded on it: Aparapi translates and
 * builds a kernel once per instance, so reusing instances keeps that cost to once per class per JVM. A kernel
 * instance holds its arguments as fields, so launches on one device are serialised on its set.
 */
final class KernelSet {
  private static final Map<String, KernelSet> BY_DEVICE = new HashMap<>();
  private final Map<Class<?>, Kernel> kernels = new HashMap<>();

  static synchronized KernelSet of(String deviceId) {
    return BY_DEVICE.computeIfAbsent(deviceId, id -> new KernelSet());
  }

  <K extends Kernel> K get(Class<K> type) {
    return type.cast(kernels.computeIfAbsent(type, t -> {
      try {
        return type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make kernel " + type.getSimpleName(), e);
      }
    }));
  }
}
