package cnnx.compiler.pass;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives every symbolic input dimension a size (e.g. batch N = 2), so that the graph can be
 * specialised: shapes become static and shape subgraphs fold. Unknown dims must be bound too.
 */
public final class BindInputShapes implements Pass {
  private final Map<String, Long> symbols;
  private final long defaultSize;
  private final Map<String, int[]> exact;

  /** @param symbols sizes by symbol name; the key "?" binds anonymous unknown dims. */
  public BindInputShapes(Map<String, Long> symbols) {
    this(symbols, -1);
  }

  /** @param defaultSize size for every symbol not named in {@code symbols}, or -1 for none */
  public BindInputShapes(Map<String, Long> symbols, long defaultSize) {
    this(symbols, defaultSize, Map.of());
  }

  private BindInputShapes(Map<String, Long> symbols, long defaultSize, Map<String, int[]> exact) {
    this.symbols = Map.copyOf(symbols);
    this.defaultSize = defaultSize;
    this.exact = Map.copyOf(exact);
  }

  /** Binds every input to the shape of the tensor that will be fed to it. */
  public static BindInputShapes exact(Map<String, int[]> shapes) {
    return new BindInputShapes(Map.of(), -1, shapes);
  }

  @Override
  public String name() {
    return "bind-input-shapes";
  }

  @Override
  public Graph apply(Graph graph) {
    List<ValueInfo> inputs = new ArrayList<>();
    for (ValueInfo in : graph.inputs()) {
      if (exact.containsKey(in.name())) {
        inputs.add(new ValueInfo(in.name(), TensorType.of(in.type().dtype(), exact.get(in.name()))));
        continue;
      }
      List<Dim> dims = new ArrayList<>();
      for (Dim d : in.type().dims()) {
        if (d.isKnown()) {
          dims.add(d);
          continue;
        }
        Long v = symbols.get(d.symbol() != null ? d.symbol() : "?");
        if (v == null && defaultSize >= 0) {
          v = defaultSize;
        }
        if (v == null) {
          throw new InvalidModelException("input '" + in.name() + "' has dimension '" + d
              + "' with no size given");
        }
        dims.add(Dim.of(v));
      }
      inputs.add(new ValueInfo(in.name(), new TensorType(in.type().dtype(), dims)));
    }
    // Types inferred from the old input shapes are stale: keep only the new input types.
    java.util.Map<String, TensorType> types = new java.util.LinkedHashMap<>();
    inputs.forEach(i -> types.put(i.name(), i.type()));
    return graph.withInputs(inputs).withTypes(types);
  }
}
