package cnnx.compiler.pass;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The value of a node known before anything runs: every input a constant, or a Shape / Size of a
 * statically shaped value. Shared by constant folding and by shape inference, which carries such
 * values forward so that a shape computed from them (even one whose length depends on the input's
 * rank) is known where it is used.
 */
final class ConstantNodes {
  /**
   * Only ops whose cost is linear in their inputs and outputs are evaluated: contractions, windows
   * and opaque ops (Resize, LRN, ...) can cost far more per output than a compile step should spend
   * on constants no real model computes (a constant Conv with huge pads was a fuzzing finding).
   */
  private static final Set<OpCategory> EVALUATED = EnumSet.of(OpCategory.ELEMENTWISE,
      OpCategory.BROADCAST, OpCategory.INJECTIVE, OpCategory.SHAPE, OpCategory.REDUCE);

  private ConstantNodes() {}

  /**
   * The node's outputs, or null when they are not all known or some output (typed in {@code types})
   * is not static or has more than {@code maxElements} elements.
   */
  static List<Tensor> evaluate(OpRegistry registry, Node node, Map<String, Tensor> constants,
      Map<String, TensorType> types, long maxElements) {
    if (node.opType().equals("Shape") || node.opType().equals("Size")) {
      TensorType t = types.get(node.input(0));
      if (t != null && t.isStatic() && !constants.containsKey(node.input(0))) {
        long[] dims = Arrays.stream(t.shape()).asLongStream().toArray();
        return node.opType().equals("Size") ? List.of(Tensor.scalarLong(product(t.shape())))
            : shapeSlice(node, dims);
      }
    }
    List<Tensor> in = new ArrayList<>();
    for (String name : node.inputs()) {
      if (name.isEmpty()) {
        in.add(null);
        continue;
      }
      Tensor t = constants.get(name);
      if (t == null) {
        return null;
      }
      in.add(t);
    }
    if (!node.implicitInputs().isEmpty()) {
      return null;
    }
    for (String o : node.outputs()) {
      if (o.isEmpty()) {
        continue;
      }
      TensorType t = types.get(o);
      if (t == null || !t.isStatic() || product(t.shape()) > maxElements) {
        return null;
      }
    }
    OpDef op = registry.find(node.opType()).orElse(null);
    if (op == null || !EVALUATED.contains(op.category())) {
      return null;
    }
    try {
      return op.evaluate(node, in);
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | IndexOutOfBoundsException
        | NegativeArraySizeException e) {
      // As the interpreter reports a failing op: a typed error naming the node, whoever evaluates it.
      throw new InvalidModelException(node.describe() + ": " + e.getMessage(), e);
    }
  }

  /** Shape's start/end attributes select a slice of the dims. */
  private static List<Tensor> shapeSlice(Node node, long[] dims) {
    int rank = dims.length;
    long start = node.intAttr("start", 0);
    long end = node.intAttr("end", rank);
    start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
    end = Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
    return List.of(Tensor.vector(Arrays.copyOfRange(dims, (int) start, (int) Math.max(start, end))));
  }

  private static long product(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
