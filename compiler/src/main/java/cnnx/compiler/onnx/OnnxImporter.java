package cnnx.compiler.onnx;

import cnnx.compiler.error.CnnxException;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.GraphProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.onnx.proto.OnnxProtos.NodeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.OperatorSetIdProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorShapeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TypeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ValueInfoProto;
import cnnx.compiler.ops.OpRegistry;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * ONNX file → canonical {@link Graph}. Either succeeds or throws an {@link InvalidModelException}
 * or {@link UnsupportedModelException} naming the file, node and problem; an unsupported model
 * lists all its unsupported ops at once.
 */
public final class OnnxImporter {
  private java.util.Set<Path> externalFilesRead = java.util.Set.of();

  /** The newest default-domain opset whose semantics cnnx implements. */
  public static final int MAX_OPSET = 28;

  /**
   * The newest ONNX IR version (file format) cnnx reads; newer files may use fields it does not
   * know. Raise it together with {@link #MAX_OPSET}.
   */
  public static final long MAX_IR_VERSION = 14; // what ONNX 1.23 (opset 28) writes

  private static final String NEWER_HINT = "; --allow-newer-opset loads it anyway, at your risk";

  private final ModelLimits limits;
  private final OpRegistry registry;
  private final boolean allowNewer;
  private final Consumer<String> waived;

  public OnnxImporter() {
    this(ModelLimits.DEFAULT, OpRegistry.standard());
  }

  public OnnxImporter(ModelLimits limits, OpRegistry registry) {
    this(limits, registry, false, w -> {});
  }

  private OnnxImporter(ModelLimits limits, OpRegistry registry, boolean allowNewer, Consumer<String> waived) {
    this.limits = limits;
    this.registry = registry;
    this.allowNewer = allowNewer;
    this.waived = waived;
  }

  /**
   * An importer that reads IR versions and opsets newer than cnnx knows, at the caller's risk (an
   * explicit opt-in: by default they are refused as unsupported).
   */
  public OnnxImporter allowingNewerVersions() {
    return allowingNewerVersions(w -> {});
  }

  /**
   * As {@link #allowingNewerVersions()}, telling {@code waived} each check a loaded model did not pass
   * ("opset 29 is newer than the newest cnnx knows (28)"), for the run's provenance.
   */
  public OnnxImporter allowingNewerVersions(Consumer<String> waived) {
    return new OnnxImporter(limits, registry, true, waived);
  }

  /** True when cnnx imports the default-domain op (directly or rewritten into ops it has). */
  public boolean hasOp(String opType) {
    return opType.equals("Constant") || OpsetCanonicalizer.isRewrittenAway(opType) || registry.supports(opType);
  }

  /** The external data files the last {@link #load(Path)} read tensors from (none for a self-contained model). */
  public java.util.Set<Path> externalFilesRead() {
    return externalFilesRead;
  }

  /** Loads a model file; external data may only come from the file's own folder. */
  public Graph load(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidModelException(source + ": no such model file");
      }
      long size = Files.size(file);
      if (size > limits.maxFileBytes()) {
        throw new InvalidModelException(source + ": file of " + size + " bytes is over the limit of "
            + limits.maxFileBytes());
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidModelException(source + ": cannot read: " + e.getMessage(), e);
    }
    Path folder = file.toAbsolutePath().getParent();
    ExternalDataReader external = new ExternalDataReader(folder);
    Graph g = guarded(source, () -> convert(parse(bytes, source), source, external));
    externalFilesRead = external.filesRead();
    return g;
  }

  /** Loads a model held in memory; such a model may not use external data. */
  public Graph load(byte[] bytes, String source) {
    if (bytes.length > limits.maxFileBytes()) {
      throw new InvalidModelException(source + ": model of " + bytes.length + " bytes is over the limit");
    }
    return guarded(source, () -> convert(parse(bytes, source), source, null));
  }

  private interface Step<T> {
    T run();
  }

  /** Everything but our own typed failures is a defect in the input as far as the caller sees. */
  private static <T> T guarded(String source, Step<T> step) {
    try {
      return step.run();
    } catch (CnnxException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new InvalidModelException(source + ": malformed model (" + e.getClass().getSimpleName()
          + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
    }
  }

  private static ModelProto parse(byte[] bytes, String source) {
    if (bytes.length == 0) {
      throw new InvalidModelException(source + ": empty file");
    }
    try {
      // Wrapped as immutable with aliasing on, raw_data fields alias the file's bytes instead of
      // copying them: loading stays within file size + decoded tensors. The bytes are never
      // modified after this point.
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      in.enableAliasing(true);
      in.setRecursionLimit(64);
      ModelProto m = ModelProto.parseFrom(in);
      in.checkLastTagWas(0);
      return m;
    } catch (IOException e) {
      throw new InvalidModelException(source + ": not a valid ONNX protobuf (" + e.getMessage() + ")", e);
    }
  }

  private Graph convert(ModelProto m, String source, ExternalDataReader external) {
    if (!m.hasGraph()) {
      throw new InvalidModelException(source + ": no graph in the model (not an ONNX model?)");
    }
    int opset = defaultOpset(m, source);
    GraphProto g = m.getGraph();
    if (g.getNodeCount() > limits.maxNodes()) {
      throw new InvalidModelException(source + ": " + g.getNodeCount() + " nodes, over the limit " + limits.maxNodes());
    }
    if (g.getSparseInitializerCount() > 0) {
      throw new UnsupportedModelException(source + ": sparse initializers are not supported");
    }
    TensorDecoder tensors = new TensorDecoder(limits, external);
    return convertGraph(g, opset, source, tensors, Set.of(), false);
  }

  /**
   * One graph: the model's, or a subgraph (If's branches, Loop's body) that may read the values
   * named in {@code outer}, those of its enclosing graphs.
   */
  private Graph convertGraph(GraphProto g, int opset, String source, TensorDecoder tensors, Set<String> outer,
      boolean subgraph) {
    Set<String> scope = new HashSet<>(outer);
    g.getInputList().forEach(vi -> scope.add(vi.getName()));
    g.getInitializerList().forEach(t -> scope.add(t.getName()));
    g.getNodeList().forEach(n -> scope.addAll(n.getOutputList()));
    AttributeDecoder attrs = new AttributeDecoder(tensors,
        (sub, where) -> convertGraph(sub, opset, where, tensors, scope, true));

    Map<String, Tensor> initializers = new LinkedHashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      if (t.getName().isEmpty()) {
        throw new InvalidModelException(source + ": an initializer has no name");
      }
      if (initializers.put(t.getName(), tensors.decode(t, source)) != null) {
        throw new InvalidModelException(source + ": initializer '" + t.getName() + "' is defined twice");
      }
    }

    Map<String, TensorType> types = new LinkedHashMap<>();
    List<ValueInfo> inputs = new ArrayList<>();
    Set<String> inputNames = new HashSet<>();
    for (ValueInfoProto vi : g.getInputList()) {
      if (!inputNames.add(vi.getName())) {
        throw new InvalidModelException(source + ": graph input '" + vi.getName() + "' is declared twice");
      }
      if (initializers.containsKey(vi.getName())) {
        continue; // an input with an initializer is a constant for inference
      }
      if (subgraph && declaresNoTensorType(vi)) {
        inputs.add(ValueInfo.untyped(vi.getName()));
        continue;
      }
      TensorType t = valueType(vi, source + ": graph input '" + vi.getName() + "'");
      inputs.add(new ValueInfo(vi.getName(), t));
      types.put(vi.getName(), t);
    }

    List<Node> rawNodes = decodeNodes(g, attrs, source);
    CanonicalState state = new CanonicalState(initializers, types);
    List<Node> nodes = new ArrayList<>();
    for (Node n : rawNodes) {
      if (n.opType().equals("Constant")) {
        initializers.put(n.output(0), constantValue(n));
        continue;
      }
      try {
        nodes.addAll(OpsetCanonicalizer.canonicalize(n, opset, state));
      } catch (InvalidModelException e) {
        throw new InvalidModelException(source + ": " + e.getMessage(), e);
      }
    }

    List<ValueInfo> outputs = new ArrayList<>();
    for (ValueInfoProto vi : g.getOutputList()) {
      // An output's declared type is informative only (inference decides); it may lack a shape.
      boolean shaped = vi.hasType() && vi.getType().hasTensorType() && vi.getType().getTensorType().hasShape();
      TensorType t = shaped
          ? valueType(vi, source + ": graph output '" + vi.getName() + "'")
          : new TensorType(DataType.FLOAT, List.of());
      if (vi.getName().isEmpty()) {
        throw new InvalidModelException(source + ": a graph output has no name");
      }
      outputs.add(new ValueInfo(vi.getName(), t));
    }
    if (outputs.isEmpty()) {
      throw new InvalidModelException(source + ": the graph has no outputs");
    }
    Set<String> external = new HashSet<>(initializers.keySet());
    external.addAll(outer);
    List<Node> ordered = GraphOrder.validateAndSort(source, inputs, external, nodes, outputs);
    String name = g.getName().isEmpty() ? "graph" : g.getName();
    return new Graph(name, opset, inputs, outputs, initializers, ordered, types);
  }

  private int defaultOpset(ModelProto m, String source) {
    if (m.getIrVersion() > MAX_IR_VERSION) {
      String what = "IR version " + m.getIrVersion() + " is newer than the newest cnnx reads (" + MAX_IR_VERSION + ")";
      if (!allowNewer) {
        throw new UnsupportedModelException(source + ": " + what + NEWER_HINT);
      }
      waived.accept(what);
    }
    Integer opset = null;
    Set<String> domains = new HashSet<>();
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
      if (!domains.add(domain)) {
        // Two versions of one domain leave the semantics of its ops undefined.
        throw new InvalidModelException(source + ": opset_import names the domain '"
            + (domain.isEmpty() ? "ai.onnx" : domain) + "' more than once");
      }
      if (domain.isEmpty()) {
        opset = (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, o.getVersion()));
      }
    }
    if (opset == null) {
      if (m.getOpsetImportCount() == 0 && m.getIrVersion() > 0 && m.getIrVersion() < 3) {
        return 1; // IR version 1 and 2 models predate opset_import and mean opset 1
      }
      throw new InvalidModelException(source + ": no opset_import for the default ONNX domain");
    }
    if (opset < 1) {
      throw new InvalidModelException(source + ": opset version " + opset + " is not valid");
    }
    if (opset > MAX_OPSET) {
      String what = "opset " + opset + " is newer than the newest supported (" + MAX_OPSET + ")";
      if (!allowNewer) {
        throw new UnsupportedModelException(source + ": " + what + NEWER_HINT);
      }
      waived.accept(what);
    }
    return opset;
  }

  private List<Node> decodeNodes(GraphProto g, AttributeDecoder attrs, String source) {
    List<Node> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, List<String>> unsupported = new TreeMap<>();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto p = g.getNode(i);
      String op = p.getOpType();
      if (op.isEmpty()) {
        throw new InvalidModelException(source + ": node #" + i + " ('" + p.getName() + "') has no op_type");
      }
      String name = p.getName().isEmpty() ? op + "_" + i : p.getName();
      if (!names.add(name)) {
        name = name + "#" + i; // keep the ONNX name visible, but unique for tracing
        names.add(name);
      }
      String domain = p.getDomain();
      boolean defaultDomain = domain.isEmpty() || domain.equals("ai.onnx");
      if (!defaultDomain) {
        unsupported.computeIfAbsent(domain + "." + op, k -> new ArrayList<>()).add(name);
        continue;
      }
      if (!hasOp(op)) {
        unsupported.computeIfAbsent(op, k -> new ArrayList<>()).add(name);
        continue;
      }
      TreeMap<String, Attribute> map = new TreeMap<>();
      String where = source + ": " + op + " node '" + name + "'";
      for (AttributeProto a : p.getAttributeList()) {
        Attribute attr = attrs.decode(a, where);
        if (map.put(attr.name(), attr) != null) {
          throw new InvalidModelException(where + ": attribute '" + attr.name() + "' is given twice");
        }
      }
      if (p.getOutputCount() == 0) {
        throw new InvalidModelException(where + ": the node has no outputs");
      }
      nodes.add(new Node(name, op, p.getInputList(), p.getOutputList(), map));
    }
    if (!unsupported.isEmpty()) {
      List<String> problems = new ArrayList<>();
      unsupported.forEach((op, ns) -> problems.add(op + " (" + (ns.size() <= 3 ? String.join(", ", ns)
          : ns.subList(0, 3) + " and " + (ns.size() - 3) + " more").replace("[", "").replace("]", "") + ")"));
      throw new UnsupportedModelException(source + ": unsupported ops: " + String.join("; ", problems), problems);
    }
    return nodes;
  }

  private static Tensor constantValue(Node n) {
    if (n.outputs().size() != 1 || n.output(0).isEmpty()) {
      throw n.invalid("a Constant has exactly one output");
    }
    if (n.attributes().size() != 1) {
      throw n.invalid("a Constant has exactly one value attribute, found " + n.attributes().keySet());
    }
    String key = n.attributes().firstKey();
    return switch (key) {
      case "value" -> n.tensorAttr("value");
      case "value_float" -> Tensor.scalar(n.floatAttr(key, 0));
      case "value_floats" -> {
        float[] v = n.floatsAttr(key);
        yield Tensor.ofFloats(new int[] {v.length}, v);
      }
      case "value_int" -> Tensor.scalarLong(n.intAttr(key, 0));
      case "value_ints" -> Tensor.vector(n.intsAttr(key));
      default -> throw new UnsupportedModelException(n.describe() + ": Constant attribute '" + key + "' is not supported");
    };
  }

  /**
   * A subgraph input without a type, or a tensor input without element type or shape: ONNX lets the
   * op running the subgraph supply it (a Loop body's carried values take the Loop's inputs' types).
   */
  private static boolean declaresNoTensorType(ValueInfoProto vi) {
    if (!vi.hasType() || vi.getType().getValueCase() == TypeProto.ValueCase.VALUE_NOT_SET) {
      return true;
    }
    return vi.getType().hasTensorType() && (vi.getType().getTensorType().getElemType() == 0
        || !vi.getType().getTensorType().hasShape());
  }

  private TensorType valueType(ValueInfoProto vi, String what) {
    if (vi.getName().isEmpty()) {
      throw new InvalidModelException(what + " has no name");
    }
    if (!vi.hasType() || !vi.getType().hasTensorType()) {
      throw new UnsupportedModelException(what + " is not a tensor (sequences, maps and optionals are not supported)");
    }
    var tt = vi.getType().getTensorType();
    DataType dtype = DataType.fromOnnx(tt.getElemType(), what);
    List<Dim> dims = new ArrayList<>();
    if (!tt.hasShape()) {
      throw new UnsupportedModelException(what + " has no shape (unknown rank)");
    }
    if (tt.getShape().getDimCount() > limits.maxRank()) {
      throw new InvalidModelException(what + " has rank " + tt.getShape().getDimCount() + ", over the limit "
          + limits.maxRank());
    }
    for (TensorShapeProto.Dimension d : tt.getShape().getDimList()) {
      if (d.hasDimValue()) {
        if (d.getDimValue() < 0 || d.getDimValue() > limits.maxTensorElements()) {
          throw new InvalidModelException(what + " has dimension " + d.getDimValue());
        }
        dims.add(Dim.of(d.getDimValue()));
      } else if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
        dims.add(Dim.symbol(d.getDimParam()));
      } else {
        dims.add(Dim.unknown());
      }
    }
    return new TensorType(dtype, dims);
  }

  /** Canonicalization state: constants added, names handed out, declared types. */
  private static final class CanonicalState implements CanonicalContext {
    private final Map<String, Tensor> initializers;
    private final Map<String, TensorType> declared;
    private final Map<String, Integer> counters = new HashMap<>();

    CanonicalState(Map<String, Tensor> initializers, Map<String, TensorType> declared) {
      this.initializers = initializers;
      this.declared = declared;
    }

    @Override
    public String addConstant(String hint, Tensor value) {
      String name = freshName(hint);
      initializers.put(name, value);
      return name;
    }

    @Override
    public String freshName(String hint) {
      int k = counters.merge(hint, 1, Integer::sum);
      String name = k == 1 ? hint : hint + "_" + k;
      while (initializers.containsKey(name) || declared.containsKey(name)) {
        k = counters.merge(hint, 1, Integer::sum);
        name = hint + "_" + k;
      }
      return name;
    }

    @Override
    public Optional<Tensor> constant(String value) {
      return Optional.ofNullable(initializers.get(value));
    }

    @Override
    public Optional<TensorType> declaredType(String value) {
      TensorType t = declared.get(value);
      if (t == null && initializers.containsKey(value)) {
        t = initializers.get(value).type();
      }
      return Optional.ofNullable(t);
    }
  }
}
