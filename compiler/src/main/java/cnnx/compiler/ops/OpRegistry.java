package cnnx.compiler.ops;

import cnnx.compiler.ir.Node;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The table of supported ops. A new op is one {@link OpDef} registered by its family. */
public final class OpRegistry {
  private static final OpRegistry STANDARD = buildStandard();

  private final Map<String, OpDef> ops;

  private OpRegistry(Map<String, OpDef> ops) {
    this.ops = Collections.unmodifiableMap(new TreeMap<>(ops));
  }

  public static OpRegistry standard() {
    return STANDARD;
  }

  public Optional<OpDef> find(String opType) {
    return Optional.ofNullable(ops.get(opType));
  }

  public boolean supports(String opType) {
    return ops.containsKey(opType);
  }

  /** Whether the op is registered and has the property, e.g. {@code is(t, OpDef::isConvEpiloguePool)}. */
  public boolean is(String opType, Predicate<OpDef> property) {
    OpDef op = ops.get(opType);
    return op != null && property.test(op);
  }

  /** The node's float attribute, or the default its op declares. */
  public float floatAttr(Node n, String name) {
    return defaults(n).floatAttr(n, name);
  }

  /** The node's int attribute, or the default its op declares. */
  public long intAttr(Node n, String name) {
    return defaults(n).intAttr(n, name);
  }

  private AttributeDefaults defaults(Node n) {
    return find(n.opType()).map(OpDef::attributeDefaults).orElse(AttributeDefaults.NONE);
  }

  public Map<String, OpDef> all() {
    return ops;
  }

  /** Collects op definitions; duplicate names are a programming error. */
  public static final class Builder {
    private final Map<String, OpDef> ops = new TreeMap<>();

    public Builder add(OpDef op) {
      if (ops.put(op.opType(), op) != null) {
        throw new IllegalStateException("op registered twice: " + op.opType());
      }
      return this;
    }

    public OpRegistry build() {
      return new OpRegistry(ops);
    }
  }

  private static OpRegistry buildStandard() {
    Builder b = new Builder();
    OpFamilies.registerAll(b);
    return b.build();
  }
}
