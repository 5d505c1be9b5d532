package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An inference context for tests: input types (null for omitted inputs) and some constants. */
final class TypeContext implements InferenceContext {
  private final Node node;
  private final List<TensorType> types = new ArrayList<>();
  private final Map<Integer, Tensor> constants = new HashMap<>();

  private TypeContext(Node node) {
    this.node = node;
  }

  /** A node named "n" of the op with the given attributes; inputs are added with {@link #in}. */
  static TypeContext of(String opType, Attribute... attrs) {
    return new TypeContext(Node.of("n", opType, List.of(), List.of("y"), List.of(attrs)));
  }

  TypeContext in(TensorType t) {
    types.add(t);
    return this;
  }

  TypeContext absent() {
    types.add(null);
    return this;
  }

  TypeContext constant(Tensor t) {
    constants.put(types.size(), t);
    types.add(t.type());
    return this;
  }

  /** A type from dims written as numbers, symbols ("N") or "?" for unknown. */
  static TensorType type(DataType dtype, Object... dims) {
    List<Dim> list = new ArrayList<>();
    for (Object d : dims) {
      if (d instanceof Number n) {
        list.add(Dim.of(n.longValue()));
      } else if (d.equals("?")) {
        list.add(Dim.unknown());
      } else {
        list.add(Dim.symbol((String) d));
      }
    }
    return new TensorType(dtype, list);
  }

  static TensorType f(Object... dims) {
    return type(DataType.FLOAT, dims);
  }

  /** Runs the registered op's inference on this context. */
  TensorType infer() {
    OpDef op = OpRegistry.standard().find(node.opType()).orElseThrow();
    List<TensorType> out = op.inferTypes(this);
    return out.get(0);
  }

  @Override
  public Node node() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      names.add(types.get(i) == null ? "" : "i" + i);
    }
    return node.withInputs(names);
  }

  @Override
  public int inputCount() {
    return types.size();
  }

  @Override
  public TensorType inputType(int i) {
    if (!hasInput(i)) {
      throw node().invalid("input " + i + " is absent");
    }
    return types.get(i);
  }

  @Override
  public boolean hasInput(int i) {
    return i < types.size() && types.get(i) != null;
  }

  @Override
  public Optional<Tensor> constant(int i) {
    return Optional.ofNullable(constants.get(i));
  }
}
