package cnnx.compiler.ops.tensor;

import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ops.InferenceContext;
import cnnx.compiler.ops.OpCategory;
import cnnx.compiler.ops.OpDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reshape: a 0 in {@code shape} copies the input dim at that index (unless allowzero=1, where 0
 * means an empty dim), and one -1 takes whatever size is left.
 */
final class ReshapeOp implements OpDef {
  @Override
  public String opType() {
    return "Reshape";
  }

  @Override
  public OpCategory category() {
    return OpCategory.INJECTIVE;
  }

  /** The output dims for {@code shape}; symbolic input dims carry through 0 and -1 where they can. */
  static List<Dim> outputDims(Node node, List<Dim> in, long[] shape) {
    boolean allowZero = node.intAttr("allowzero", 0) != 0;
    List<Dim> out = new ArrayList<>(shape.length);
    int inferred = -1;
    for (int i = 0; i < shape.length; i++) {
      long s = shape[i];
      if (s == -1) {
        if (inferred >= 0) {
          throw node.invalid("shape " + java.util.Arrays.toString(shape) + " has more than one -1");
        }
        inferred = i;
        out.add(null);
      } else if (s == 0 && !allowZero) {
        if (i >= in.size()) {
          throw node.invalid("shape " + java.util.Arrays.toString(shape) + " copies dim " + i
              + " of an input of rank " + in.size());
        }
        out.add(in.get(i));
      } else if (s < 0) {
        throw node.invalid("shape " + java.util.Arrays.toString(shape) + " has a negative size " + s);
      } else {
        out.add(Dims.known(node, s, "shape entry"));
      }
    }
    if (allowZero && inferred >= 0) {
      for (long s : shape) {
        if (s == 0) {
          throw node.invalid("with allowzero=1 the shape may not hold both 0 and -1");
        }
      }
    }
    if (inferred >= 0) {
      List<Dim> rest = new ArrayList<>(out);
      rest.remove(inferred);
      out.set(inferred, remainder(node, in, rest));
    } else {
      checkSameSize(node, in, out);
    }
    return out;
  }

  /** The size left for a -1: input elements over the other output dims, cancelling equal symbols. */
  private static Dim remainder(Node node, List<Dim> in, List<Dim> others) {
    Map<String, Integer> symbols = new HashMap<>();
    long inKnown = 1;
    long outKnown = 1;
    boolean inZero = false;
    for (Dim d : in) {
      if (d.isKnown()) {
        inZero |= d.value() == 0;
        inKnown = Dims.multiply(node, inKnown, Math.max(1, d.value()));
      } else if (d.symbol() != null) {
        symbols.merge(d.symbol(), 1, Integer::sum);
      } else {
        return Dim.unknown();
      }
    }
    for (Dim d : others) {
      if (d.isKnown()) {
        if (d.value() == 0) {
          if (inZero) {
            throw node.invalid("-1 is ambiguous: the input is empty and another output dim is 0");
          }
          throw node.invalid("cannot infer -1 with a 0 in the shape and a non-empty input");
        }
        outKnown = Dims.multiply(node, outKnown, d.value());
      } else if (d.symbol() != null && symbols.getOrDefault(d.symbol(), 0) > 0) {
        symbols.merge(d.symbol(), -1, Integer::sum);
      } else {
        return Dim.unknown();
      }
    }
    if (inZero) {
      return Dim.of(0);
    }
    List<String> left = symbols.entrySet().stream().filter(e -> e.getValue() > 0)
        .flatMap(e -> java.util.Collections.nCopies(e.getValue(), e.getKey()).stream()).toList();
    if (inKnown % outKnown != 0) {
      if (left.isEmpty()) {
        throw node.invalid("cannot reshape " + in + " elements into " + others + " with one -1: "
            + inKnown + " is not a multiple of " + outKnown);
      }
      return Dim.unknown();
    }
    long q = inKnown / outKnown;
    if (left.isEmpty()) {
      return Dims.known(node, q, "inferred dim");
    }
    return left.size() == 1 && q == 1 ? Dim.symbol(left.get(0)) : Dim.unknown();
  }

  private static void checkSameSize(Node node, List<Dim> in, List<Dim> out) {
    Dim a = Dims.product(node, in);
    Dim b = Dims.product(node, out);
    if (a.isKnown() && b.isKnown() && a.value() != b.value()) {
      throw node.invalid("cannot reshape " + in + " (" + a.value() + " elements) into " + out + " ("
          + b.value() + " elements)");
    }
  }

  @Override
  public List<TensorType> inferTypes(InferenceContext ctx) {
    IndexInputs.checkArity(ctx, 2, 2);
    TensorType x = ctx.inputType(0);
    Optional<long[]> shape = IndexInputs.constant(ctx, 1, "shape", IndexInputs.INT64);
    if (shape.isPresent()) {
      return List.of(new TensorType(x.dtype(), outputDims(ctx.node(), x.dims(), shape.get())));
    }
    return List.of(new TensorType(x.dtype(), Dims.unknown(IndexInputs.rankFixingLength(ctx, 1, "shape"))));
  }

  @Override
  public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
    Tensor x = inputs.get(0);
    long[] shape = IndexInputs.values(node, inputs.get(1), "shape", IndexInputs.INT64);
    return List.of(x.reshape(Dims.toShape(outputDims(node, Dims.of(x.shape()), shape))));
  }
}
