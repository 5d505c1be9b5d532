package cnnx.host.device;

import cnnx.host.cl.DeviceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The devices this machine offers, from every {@link DeviceProvider} on the class path (reference first).
 * Resolving a spec finds the provider of its kind, which finds the device.
 */
public final class DeviceRegistry {
  private final List<DeviceProvider> providers;

  /** A registry over given providers (tests pass their own). */
  public DeviceRegistry(List<? extends DeviceProvider> providers) {
    List<DeviceProvider> sorted = new ArrayList<>(providers);
    sorted.sort(Comparator.comparingInt(DeviceProvider::order).thenComparing(DeviceProvider::kind));
    this.providers = List.copyOf(sorted);
    for (DeviceProvider p : this.providers) {
      if (p instanceof CompositeProvider c) {
        c.attach(this);
      }
    }
  }

  /** Every provider found through {@link ServiceLoader}; each looks for its devices now. Never throws. */
  public static DeviceRegistry discover() {
    List<DeviceProvider> found = new ArrayList<>();
    ServiceLoader.load(DeviceProvider.class, DeviceRegistry.class.getClassLoader()).forEach(found::add);
    return new DeviceRegistry(found);
  }

  public List<DeviceProvider> providers() {
    return providers;
  }

  /** Every device of every provider, in provider order. */
  public List<Device> devices() {
    List<Device> all = new ArrayList<>();
    providers.forEach(p -> all.addAll(p.devices()));
    return all;
  }

  /** The provider of a kind, or an {@link IllegalArgumentException} listing the known kinds. */
  public DeviceProvider provider(String kind) {
    return providers.stream().filter(p -> p.kind().equals(kind)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown device kind '" + kind + "'; devices are "
            + String.join(", ", providers.stream().map(DeviceProvider::specForms).toList())));
  }

  /** The device a {@code --device} value names. */
  public Device resolve(String spec) {
    String text = spec == null ? "" : spec.strip();
    int colon = text.indexOf(':');
    String kind = colon < 0 ? text : text.substring(0, colon);
    for (DeviceProvider p : providers) {
      if (p.kind().equals(kind) && p instanceof CompositeProvider c) {
        return c.resolve(text);
      }
    }
    return resolve(DeviceSpec.parse(spec));
  }

  /**
   * The device a spec names: an {@link IllegalArgumentException} for a malformed spec or unknown kind, a
   * {@link DeviceException} when the device does not exist here.
   */
  public Device resolve(DeviceSpec spec) {
    return provider(spec.kind()).resolve(spec);
  }

  /** The provider that offers a device. */
  public DeviceProvider providerOf(Device device) {
    return provider(device.kind());
  }

  /** Throws a {@link DeviceException} naming what exists, for providers' use. */
  public static DeviceException missing(DeviceSpec spec, String why) {
    return new DeviceException("device '" + spec + "' is not available: " + why);
  }
}
