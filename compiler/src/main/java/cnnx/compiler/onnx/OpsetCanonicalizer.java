package cnnx.compiler.onnx;

import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.spatial.GroupNormalization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites each node from the form of its model's opset into the canonical (latest-opset) form
 * the rest of cnnx sees: attributes that later opsets turned into inputs become constant inputs,
 * deprecated ops become their successors, legacy semantics are decomposed into modern ops. One
 * converter per op; ops absent from the table are already canonical in every opset cnnx reads.
 */
final class OpsetCanonicalizer {
  @FunctionalInterface
  interface Converter {
    List<Node> convert(Node node, int opset, CanonicalContext ctx);
  }

  private static final Set<String> LEGACY_BROADCAST_OPS =
      Set.of("Add", "Sub", "Mul", "Div", "Pow", "And", "Or", "Xor", "Equal", "Greater", "Less");

  private static final Set<String> REDUCE_OPS_AXES_INPUT_AT_18 =
      Set.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
          "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare");

  private static final Map<String, Converter> CONVERTERS = Map.ofEntries(
      Map.entry("Clip", OpsetCanonicalizer::clip),
      Map.entry("Pad", OpsetCanonicalizer::pad),
      Map.entry("Slice", OpsetCanonicalizer::slice),
      Map.entry("Split", (n, v, c) -> v < 13 ? List.of(attrToInput(n, "split", 1, c)) : List.of(n)),
      Map.entry("Squeeze", (n, v, c) -> v < 13 ? List.of(attrToInput(n, "axes", 1, c)) : List.of(n)),
      Map.entry("Unsqueeze", (n, v, c) -> v < 13 ? List.of(attrToInput(n, "axes", 1, c)) : List.of(n)),
      Map.entry("ReduceSum", (n, v, c) -> v < 13 ? List.of(attrToInput(n, "axes", 1, c)) : List.of(n)),
      Map.entry("Reshape", (n, v, c) -> v < 5 ? List.of(attrToInput(n, "shape", 1, c)) : List.of(n)),
      Map.entry("Softmax", OpsetCanonicalizer::softmaxFamily),
      Map.entry("LogSoftmax", OpsetCanonicalizer::softmaxFamily),
      Map.entry("Hardmax", OpsetCanonicalizer::softmaxFamily),
      Map.entry("Dropout", OpsetCanonicalizer::dropout),
      Map.entry("Upsample", OpsetCanonicalizer::upsample),
      Map.entry("Resize", OpsetCanonicalizer::resize),
      Map.entry("BatchNormalization", OpsetCanonicalizer::batchNorm),
      Map.entry("Concat", (n, v, c) -> v < 4 && !n.has("axis")
          ? List.of(n.withAttribute(Attribute.ofInt("axis", 1))) : List.of(n)),
      Map.entry("Gemm", (n, v, c) -> List.of(n.withoutAttribute("broadcast"))),
      Map.entry("PRelu", OpsetCanonicalizer::prelu),
      // Before opset 21, scale and bias hold one entry per group rather than per channel.
      Map.entry("GroupNormalization", (n, v, c) -> v < 21
          ? List.of(n.withAttribute(Attribute.ofInt(GroupNormalization.PER_GROUP, 1)))
          : List.of(n)),
      // Mod-28 allows fmod = 0 on floats; older models may not use it (see OpsetChanges).
      Map.entry("Mod", (n, v, c) -> v < 28
          ? List.of(n.withAttribute(Attribute.ofInt("cnnx.mod_floats_need_fmod", 1)))
          : List.of(n)));

  private OpsetCanonicalizer() {}

  /** True when the op exists only in older opsets and is rewritten into another op. */
  static boolean isRewrittenAway(String opType) {
    return opType.equals("Upsample") || opType.equals("Dropout");
  }

  static List<Node> canonicalize(Node node, int opset, CanonicalContext ctx) {
    Node n = node.withoutAttribute("consumed_inputs");
    OpsetChanges.checkAttributes(n, opset);
    if (opset < 7 && LEGACY_BROADCAST_OPS.contains(n.opType())) {
      return legacyBroadcast(n, ctx);
    }
    if (opset < 18 && REDUCE_OPS_AXES_INPUT_AT_18.contains(n.opType())) {
      return List.of(attrToInput(n, "axes", 1, ctx));
    }
    Converter c = CONVERTERS.get(n.opType());
    return c == null ? List.of(n) : c.convert(n, opset, ctx);
  }

  /** Moves INTS attribute {@code attr} to input slot {@code slot} as an int64 constant. */
  private static Node attrToInput(Node n, String attr, int slot, CanonicalContext ctx) {
    long[] v = n.intsAttr(attr);
    Node out = n.withoutAttribute(attr);
    if (v == null) {
      return out;
    }
    return setInput(out, slot, ctx.addConstant(n.name() + "/" + attr, Tensor.vector(v)));
  }

  private static Node setInput(Node n, int slot, String value) {
    List<String> in = new ArrayList<>(n.inputs());
    while (in.size() <= slot) {
      in.add("");
    }
    in.set(slot, value);
    return n.withInputs(in);
  }

  private static List<Node> clip(Node n, int opset, CanonicalContext ctx) {
    if (opset >= 11) {
      return List.of(n);
    }
    Node out = n.withoutAttribute("min").withoutAttribute("max");
    if (n.has("min")) {
      out = setInput(out, 1, ctx.addConstant(n.name() + "/min", Tensor.scalar(n.floatAttr("min", 0))));
    }
    if (n.has("max")) {
      out = setInput(out, 2, ctx.addConstant(n.name() + "/max", Tensor.scalar(n.floatAttr("max", 0))));
    }
    return List.of(out);
  }

  private static List<Node> pad(Node n, int opset, CanonicalContext ctx) {
    if (opset >= 11) {
      return List.of(n);
    }
    long[] pads = n.has("pads") ? n.intsAttr("pads") : n.intsAttr("paddings");
    if (pads == null) {
      throw n.invalid("attribute 'pads' is required");
    }
    Node out = n.withoutAttribute("pads").withoutAttribute("paddings").withoutAttribute("value");
    out = setInput(out, 1, ctx.addConstant(n.name() + "/pads", Tensor.vector(pads)));
    float value = n.floatAttr("value", 0f);
    if (value != 0f) {
      out = setInput(out, 2, ctx.addConstant(n.name() + "/value", Tensor.scalar(value)));
    }
    return List.of(out);
  }

  private static List<Node> slice(Node n, int opset, CanonicalContext ctx) {
    if (opset >= 10) {
      return List.of(n);
    }
    long[] starts = n.intsAttr("starts");
    long[] ends = n.intsAttr("ends");
    if (starts == null || ends == null) {
      throw n.invalid("attributes 'starts' and 'ends' are required");
    }
    Node out = n.withoutAttribute("starts").withoutAttribute("ends").withoutAttribute("axes");
    out = setInput(out, 1, ctx.addConstant(n.name() + "/starts", Tensor.vector(starts)));
    out = setInput(out, 2, ctx.addConstant(n.name() + "/ends", Tensor.vector(ends)));
    long[] axes = n.intsAttr("axes");
    if (axes != null) {
      out = setInput(out, 3, ctx.addConstant(n.name() + "/axes", Tensor.vector(axes)));
    }
    return List.of(out);
  }

  /** Before opset 13 these ops flatten to 2-D at {@code axis} (default 1) and work on rows. */
  private static List<Node> softmaxFamily(Node n, int opset, CanonicalContext ctx) {
    if (opset >= 13) {
      return List.of(n);
    }
    long axis = n.intAttr("axis", 1);
    var declared = ctx.declaredType(n.input(0));
    if (declared.isPresent()) {
      int rank = declared.get().rank();
      long a = axis < 0 ? axis + rank : axis;
      if (a == rank - 1) {
        return List.of(n.withAttribute(Attribute.ofInt("axis", -1)));
      }
    }
    String shape = ctx.freshName(n.name() + "/shape");
    String flat = ctx.freshName(n.name() + "/flat");
    String rows = ctx.freshName(n.name() + "/rows");
    return List.of(
        Node.of(n.name() + "/Shape", "Shape", List.of(n.input(0)), List.of(shape), List.of()),
        Node.of(n.name() + "/Flatten", "Flatten", List.of(n.input(0)), List.of(flat),
            List.of(Attribute.ofInt("axis", axis))),
        Node.of(n.name(), n.opType(), List.of(flat), List.of(rows), List.of(Attribute.ofInt("axis", 1))),
        Node.of(n.name() + "/Reshape", "Reshape", List.of(rows, shape), List.of(n.output(0)), List.of()));
  }

  /**
   * Before opset 7 a 1-D slope of C elements applies per channel (axis 1); from 7 on, slopes
   * broadcast from the right. Reshaping the slope to [C, 1, ...] keeps the old meaning.
   */
  private static List<Node> prelu(Node n, int opset, CanonicalContext ctx) {
    if (opset >= 7) {
      return List.of(n);
    }
    TensorType x = ctx.declaredType(n.input(0)).orElse(null);
    TensorType slope = ctx.declaredType(n.input(1)).orElse(null);
    if (x == null || slope == null || slope.rank() != 1 || x.rank() < 3) {
      return List.of(n);
    }
    long[] axes = new long[x.rank() - 2];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    String axesName = ctx.addConstant(n.name() + "/channel_axes", Tensor.vector(axes));
    String perChannel = ctx.freshName(n.name() + "/slope");
    return List.of(
        Node.of(n.name() + "/Unsqueeze", "Unsqueeze", List.of(n.input(1), axesName), List.of(perChannel), List.of()),
        setInput(n, 1, perChannel));
  }

  /**
   * Inference Dropout is the identity; its mask, when asked for, is all true. Training mode (an
   * attribute before opset 12, input 2 from then on) with a ratio above 0 zeroes random elements:
   * a constant true is refused here; one fed at run time stays a Dropout node, which checks the
   * values when it runs, rather than becoming the identity whatever they say.
   */
  private static List<Node> dropout(Node n, int opset, CanonicalContext ctx) {
    if (n.intAttr("training_mode", 0) != 0) {
      throw new UnsupportedModelException(n.describe() + ": training mode is not supported");
    }
    if (n.inputs().size() > 2 && !n.input(2).isEmpty()) {
      Tensor mode = ctx.constant(n.input(2)).orElse(null);
      Tensor ratio = n.hasInput(1) ? ctx.constant(n.input(1)).orElse(null) : null;
      boolean zeroRatio = ratio != null && ratio.size() == 1 && ratio.getDouble(0) == 0;
      if (mode == null && !zeroRatio) {
        return List.of(n);
      }
      if (mode != null && mode.size() == 1 && mode.getDouble(0) != 0 && !zeroRatio) {
        throw new UnsupportedModelException(n.describe()
            + ": training mode (training_mode is true) zeroes random elements; cnnx runs inference only");
      }
    }
    List<Node> out = new ArrayList<>();
    out.add(Node.of(n.name(), "Identity", List.of(n.input(0)), List.of(n.output(0)), List.of()));
    if (n.outputs().size() > 1 && !n.output(1).isEmpty()) {
      String shape = ctx.freshName(n.name() + "/shape");
      out.add(Node.of(n.name() + "/Shape", "Shape", List.of(n.input(0)), List.of(shape), List.of()));
      // The mask is bool from opset 12 on; before, it had the data's (float) type.
      Tensor one = opset >= 12
          ? Tensor.ofLongs(DataType.BOOL, new int[] {1}, new long[] {1})
          : Tensor.ofFloats(new int[] {1}, new float[] {1});
      out.add(Node.of(n.name() + "/mask", "ConstantOfShape", List.of(shape), List.of(n.output(1)),
          List.of(Attribute.ofTensor("value", one))));
    }
    return out;
  }

  /** Upsample (7-9) and Resize-10 index with scale only: asymmetric coordinates, floor rounding. */
  private static List<Node> upsample(Node n, int opset, CanonicalContext ctx) {
    String scales;
    if (opset < 9) {
      float[] s = n.floatsAttr("scales");
      if (s == null) {
        throw n.invalid("attribute 'scales' is required");
      }
      scales = ctx.addConstant(n.name() + "/scales", Tensor.ofFloats(new int[] {s.length}, s));
    } else {
      scales = n.input(1);
    }
    return List.of(asymmetricResize(n, scales));
  }

  private static Node asymmetricResize(Node n, String scales) {
    String mode = n.stringAttr("mode", "nearest");
    if (mode.equals("bilinear")) {
      mode = "linear";
    }
    return Node.of(n.name(), "Resize", List.of(n.input(0), "", scales), List.of(n.output(0)),
        List.of(Attribute.ofString("mode", mode),
            Attribute.ofString("coordinate_transformation_mode", "asymmetric"),
            Attribute.ofString("nearest_mode", "floor")));
  }

  private static List<Node> resize(Node n, int opset, CanonicalContext ctx) {
    return opset < 11 ? List.of(asymmetricResize(n, n.input(1))) : List.of(n);
  }

  private static List<Node> batchNorm(Node n, int opset, CanonicalContext ctx) {
    if (n.intAttr("training_mode", 0) != 0) {
      if (n.inputs().size() != 5) {
        throw n.invalid("takes 5 inputs (X, scale, B, input_mean, input_var), got " + n.inputs().size());
      }
      if (n.outputs().size() > 3) {
        throw n.invalid("has " + n.outputs().size() + " outputs; training mode gives Y, running_mean, running_var");
      }
      return TrainingBatchNorm.expand(n, ctx);
    }
    if (opset < 9 && n.intAttr("spatial", 1) == 0) {
      throw new UnsupportedModelException(n.describe() + ": spatial=0 (per-element statistics) is not supported");
    }
    for (int i = 1; i < n.outputs().size(); i++) {
      if (!n.output(i).isEmpty()) {
        throw new UnsupportedModelException(n.describe() + ": training outputs (running statistics) are not supported");
      }
    }
    Node out = n.withoutAttribute("is_test").withoutAttribute("spatial").withoutAttribute("momentum")
        .withOutputs(List.of(n.output(0)));
    return List.of(out);
  }

  /**
   * Before opset 7, binary ops broadcast only with {@code broadcast=1}, aligning B at {@code axis}
   * of A. Numpy-style trailing alignment is the same unless an axis is given: then B is reshaped
   * with trailing ones so that the modern rule lines it up where the old one did.
   */
  private static List<Node> legacyBroadcast(Node n, CanonicalContext ctx) {
    Node out = n.withoutAttribute("broadcast").withoutAttribute("axis");
    if (n.intAttr("broadcast", 0) == 0 || !n.has("axis")) {
      return List.of(out);
    }
    TensorType a = ctx.declaredType(n.input(0)).orElse(null);
    TensorType b = ctx.declaredType(n.input(1)).orElse(null);
    if (a == null || b == null) {
      throw new UnsupportedModelException(n.describe()
          + ": legacy broadcast with an axis needs operands of declared rank");
    }
    long axis = n.intAttr("axis", 0);
    if (axis < 0) {
      axis += a.rank();
    }
    int trailing = (int) (a.rank() - axis - b.rank());
    if (trailing < 0) {
      throw n.invalid("legacy broadcast axis " + axis + " does not fit B of rank " + b.rank());
    }
    if (trailing == 0) {
      return List.of(out);
    }
    long[] axes = new long[trailing];
    for (int i = 0; i < trailing; i++) {
      axes[i] = b.rank() + i;
    }
    String axesName = ctx.addConstant(n.name() + "/broadcast_axes", Tensor.vector(axes));
    String aligned = ctx.freshName(n.name() + "/aligned");
    return List.of(
        Node.of(n.name() + "/Unsqueeze", "Unsqueeze", List.of(n.input(1), axesName), List.of(aligned), List.of()),
        setInput(out, 1, aligned));
  }
}
