package cnnx.compiler.codegen;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.kernels.plan.ElementType;
import cnnx.kernels.plan.ErrorFlag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the C body computing one element through a chain of element emitters. Step k > 0 reads
 * the previous step's value through the operand named {@code fused}; other operands become buffer
 * parameters, added only when an emitter loads them.
 */
final class BodyWriter {
  private final Graph graph;
  private final List<String> coordVars;
  private final int[] outShape;
  /** A C variable holding the output element's row-major index, or null where there is none. */
  private final String flatVar;
  private final StringBuilder code = new StringBuilder();
  /** Buffer parameters in first-use order: value name → C parameter name. */
  private final Map<String, String> params = new LinkedHashMap<>();
  /** Values computed where they are read instead of loaded ({@link InlinedMoves}): value → its producer's step. */
  private final Map<String, ChainStep> inlined;
  private int counter;

  BodyWriter(Graph graph, List<String> coordVars, int[] outShape) {
    this(graph, coordVars, outShape, null);
  }

  /**
   * @param flatVar a C variable holding the output element's row-major index: an operand of the output's shape
   *     read at the output's coordinates is read at it, with no index arithmetic (64-bit divisions per element
   *     kept PoCL from vectorizing a Relu, which then ran at a tenth of the device's copy bandwidth)
   */
  BodyWriter(Graph graph, List<String> coordVars, int[] outShape, String flatVar) {
    this(graph, coordVars, outShape, flatVar, Map.of());
  }

  /** @param inlined values computed at the coordinates they are read at, by their producers' steps */
  BodyWriter(Graph graph, List<String> coordVars, int[] outShape, String flatVar, Map<String, ChainStep> inlined) {
    this.graph = graph;
    this.coordVars = List.copyOf(coordVars);
    this.outShape = outShape.clone();
    this.flatVar = flatVar;
    this.inlined = Map.copyOf(inlined);
  }

  Map<String, String> params() {
    return params;
  }

  String code() {
    return code.toString();
  }

  /**
   * Emits one step; returns the C variable holding its value.
   *
   * @param fusedValue the value name whose loads yield {@code fusedVar}, or null
   */
  String step(Node node, int output, ElementEmitter emitter, String fusedValue, String fusedVar) {
    StepContext ctx = new StepContext(node, output, fusedValue, fusedVar, coordVars, outShape, flatVar);
    emitter.emit(ctx);
    if (ctx.result == null) {
      throw new IllegalStateException(node.describe() + ": emitter set no result");
    }
    return ctx.result;
  }

  String fresh(String hint) {
    return hint.replaceAll("[^A-Za-z0-9_]", "_") + "_" + counter++;
  }

  private String param(String value) {
    return params.computeIfAbsent(value, v -> "p" + params.size());
  }

  /** The C parameter declaration of a buffer parameter (the error flag is the one written). */
  static String paramDecl(Graph graph, String value, String name) {
    if (value.equals(ErrorFlag.BUFFER)) {
      return "__global long* " + name;
    }
    ElementType t = Types.storage(graph.typeOf(value).orElseThrow().dtype());
    return "__global const " + t.openClType() + "* restrict " + name;
  }

  private TensorType typeOf(String value) {
    return graph.typeOf(value).orElseThrow(() -> new IllegalStateException("untyped value " + value));
  }

  private final class StepContext implements ElementContext {
    private final Node node;
    private final int output;
    private final String fusedValue;
    private final String fusedVar;
    /** This step's output coordinates: the kernel's own, or those an inlined value is read at. */
    private final List<String> coordVars;
    private final int[] outShape;
    private final String flatVar;
    private String result;

    StepContext(Node node, int output, String fusedValue, String fusedVar, List<String> coordVars, int[] outShape,
        String flatVar) {
      this.node = node;
      this.output = output;
      this.fusedValue = fusedValue;
      this.fusedVar = fusedVar;
      this.coordVars = coordVars;
      this.outShape = outShape;
      this.flatVar = flatVar;
    }

    @Override
    public Node node() {
      return node;
    }

    @Override
    public int output() {
      return output;
    }

    @Override
    public int[] outputShape() {
      return outShape.clone();
    }

    @Override
    public ElementType outputType() {
      return Types.storage(typeOf(node.output(output)).dtype());
    }

    @Override
    public cnnx.compiler.ir.DataType outputDataType() {
      return typeOf(node.output(output)).dtype();
    }

    @Override
    public cnnx.compiler.ir.DataType inputDataType(int i) {
      return typeOf(node.input(i)).dtype();
    }

    @Override
    public boolean hasInput(int i) {
      return node.hasInput(i);
    }

    @Override
    public int[] inputShape(int i) {
      return typeOf(node.input(i)).shape();
    }

    @Override
    public ElementType inputType(int i) {
      return Types.storage(typeOf(node.input(i)).dtype());
    }

    @Override
    public Optional<Tensor> constant(int i) {
      return node.hasInput(i) ? Optional.ofNullable(graph.initializers().get(node.input(i))) : Optional.empty();
    }

    @Override
    public String coord(int axis) {
      return coordVars.get(axis);
    }

    @Override
    public String flatIndex() {
      return flatVar != null ? flatVar : index(outShape, coordVars);
    }

    private boolean isFused(int input) {
      return fusedValue != null && node.input(input).equals(fusedValue);
    }

    @Override
    public String load(int input, List<String> coords) {
      if (isFused(input)) {
        if (!coords.equals(coordVars)) {
          throw new IllegalStateException(node.describe() + " reads its fused operand at other coordinates");
        }
        return fusedVar;
      }
      int[] shape = inputShape(input);
      if (coords.size() != shape.length) {
        throw new IllegalStateException(node.describe() + ": " + coords.size() + " coordinates for rank " + shape.length);
      }
      ChainStep producer = inlined.get(node.input(input));
      if (producer != null) {
        // the producer's element at these coordinates, computed here (coordinates in range: the readers are remaps)
        StepContext at = new StepContext(producer.node(), producer.output(), null, null, List.copyOf(coords), shape,
            null);
        producer.emitter().emit(at);
        if (at.result == null) {
          throw new IllegalStateException(producer.node().describe() + ": emitter set no result");
        }
        return at.result;
      }
      return param(node.input(input)) + "[" + (atOutputIndex(shape, coords) ? flatVar : index(shape, coords)) + "]";
    }

    @Override
    public String loadFlat(int input, String flatIndex) {
      if (isFused(input)) {
        throw new IllegalStateException(node.describe() + " reads its fused operand by flat index");
      }
      if (inlined.containsKey(node.input(input))) {
        return load(input, unravel(flatIndex, inputShape(input)));
      }
      return param(node.input(input)) + "[" + flatIndex + "]";
    }

    @Override
    public String loadBroadcast(int input) {
      if (isFused(input)) {
        return fusedVar;
      }
      int[] shape = inputShape(input);
      List<String> coords = new ArrayList<>();
      int offset = outShape.length - shape.length;
      for (int a = 0; a < shape.length; a++) {
        coords.add(shape[a] == 1 ? "0" : coordVars.get(a + offset));
      }
      return load(input, coords);
    }

    @Override
    public String declare(String ctype, String hint, String init) {
      String name = fresh(hint);
      code.append("  ").append(ctype).append(' ').append(name).append(" = ").append(init).append(";\n");
      return name;
    }

    @Override
    public void statement(String c) {
      code.append("  ").append(c).append('\n');
    }

    @Override
    public String fresh(String hint) {
      return BodyWriter.this.fresh(hint);
    }

    @Override
    public void flagError(String condition, long code) {
      statement("if (" + condition + ") " + param(ErrorFlag.BUFFER) + "[0] = " + code + "L;");
    }

    @Override
    public void result(String expr) {
      if (result != null) {
        throw new IllegalStateException(node.describe() + ": result set twice");
      }
      result = declare(outputType().openClType(), "v", expr);
    }

    /** Whether an operand of this shape read at these coordinates is read at the output element's own index. */
    private boolean atOutputIndex(int[] shape, List<String> coords) {
      if (flatVar == null || !java.util.Arrays.equals(shape, outShape)) {
        return false;
      }
      for (int a = 0; a < shape.length; a++) {
        if (shape[a] != 1 && !coords.get(a).equals(coordVars.get(a))) {
          return false;
        }
      }
      return true;
    }
  }

  /** C coordinates of a row-major flat index expression in a static shape. */
  static List<String> unravel(String flat, int[] shape) {
    int[] strides = Shapes.strides(shape);
    List<String> c = new ArrayList<>();
    for (int a = 0; a < shape.length; a++) {
      c.add(shape[a] == 1 ? "0" : "((" + flat + ") / " + strides[a] + "L) % " + shape[a] + "L");
    }
    return c;
  }

  /** Row-major offset of coordinates in a static shape; size-1 axes contribute nothing. */
  static String index(int[] shape, List<String> coords) {
    return ElementContext.rowMajorIndex(shape, coords);
  }
}
