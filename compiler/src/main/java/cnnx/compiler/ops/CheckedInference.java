package cnnx.compiler.ops;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Dim;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.TensorType;
import java.math.BigInteger;
import java.util.List;

/**
 * Type inference with the size check every path shares: type inference before compiling
 * ({@code inspect}, the compiler) and the reference interpreter before each node runs both come
 * here, so a model over the element limit is refused by all of them with the same message, before
 * anything of that size is allocated.
 */
public final class CheckedInference {
  private CheckedInference() {}

  /** The op's output types, each known size within {@link Shapes#MAX_ELEMENTS}. */
  public static List<TensorType> infer(OpDef op, InferenceContext ctx) {
    Node node = ctx.node();
    List<TensorType> out;
    try {
      out = op.inferTypes(ctx);
    } catch (ArithmeticException e) {
      // Attribute or constant arithmetic that leaves long range is a size bomb, not a crash.
      throw node.invalid("output size arithmetic overflows (" + e.getMessage() + ")");
    }
    for (int i = 0; i < out.size(); i++) {
      check(node, i, out.get(i));
    }
    return out;
  }

  /** Refuses an output whose known dims multiply to more elements than the limit. */
  public static void check(Node node, int output, TensorType type) {
    BigInteger n = BigInteger.ONE;
    for (Dim d : type.dims()) {
      if (!d.isKnown()) {
        // Unknown dims are sized at run time, where the interpreter checks them here again.
        continue;
      }
      n = n.multiply(BigInteger.valueOf(d.value()));
    }
    if (n.compareTo(BigInteger.valueOf(Shapes.MAX_ELEMENTS)) > 0) {
      String name = output < node.outputs().size() ? " '" + node.output(output) + "'" : "";
      throw new InvalidModelException(node.describe() + ": output #" + output + name + " of shape "
          + type.dims() + " would have " + n + " elements, over the limit of " + Shapes.MAX_ELEMENTS);
    }
  }
}
