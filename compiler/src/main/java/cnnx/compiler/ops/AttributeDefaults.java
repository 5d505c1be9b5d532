package cnnx.compiler.ops;

import cnnx.compiler.ir.Node;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ONNX defaults of an op's optional numeric attributes, declared once on its definition
 * ({@link OpDef#attributeDefaults}) so the reference and code generation read the same values.
 */
public final class AttributeDefaults {
  public static final AttributeDefaults NONE = new AttributeDefaults(Map.of());

  private final Map<String, Number> values;

  private AttributeDefaults(Map<String, Number> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public AttributeDefaults withFloat(String name, float value) {
    return with(name, value);
  }

  public AttributeDefaults withInt(String name, long value) {
    return with(name, value);
  }

  private AttributeDefaults with(String name, Number value) {
    Map<String, Number> m = new TreeMap<>(values);
    if (m.put(name, value) != null) {
      throw new IllegalArgumentException("default of '" + name + "' declared twice");
    }
    return new AttributeDefaults(m);
  }

  /** Name to value (a Float or a Long). */
  public Map<String, Number> values() {
    return values;
  }

  /** The node's float attribute, or the declared default. */
  public float floatAttr(Node n, String name) {
    return n.floatAttr(name, declared(n, name, Float.class));
  }

  /** The node's int attribute, or the declared default. */
  public long intAttr(Node n, String name) {
    return n.intAttr(name, declared(n, name, Long.class));
  }

  private <T extends Number> T declared(Node n, String name, Class<T> kind) {
    Number v = values.get(name);
    if (!kind.isInstance(v)) {
      // A caller asking for an undeclared default is a programming error, not a model error.
      throw new IllegalStateException(n.opType() + " declares no " + kind.getSimpleName().toLowerCase()
          + " default for '" + name + "'");
    }
    return kind.cast(v);
  }
}
