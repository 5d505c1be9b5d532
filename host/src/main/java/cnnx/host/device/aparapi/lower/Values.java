package cnnx.host.device.aparapi.lower;

import java.util.HashMap;
import java.util.Map;

/** The float arrays of one run by graph value name; constants are shared, never written. */
public final class Values {
  private final Map<String, float[]> arrays = new HashMap<>();

  public Values(Map<String, float[]> constants) {
    arrays.putAll(constants);
  }

  public float[] get(String name) {
    float[] a = arrays.get(name);
    if (a == null) {
      throw new IllegalStateException("value '" + name + "' was not computed before it was read");
    }
    return a;
  }

  public void put(String name, float[] array) {
    arrays.put(name, array);
  }

  /** A fresh output array for {@code name}. */
  public float[] allocate(String name, int size) {
    float[] a = new float[size];
    arrays.put(name, a);
    return a;
  }
}
