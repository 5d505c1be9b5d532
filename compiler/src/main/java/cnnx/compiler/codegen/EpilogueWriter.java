package cnnx.compiler.codegen;

import cnnx.compiler.ir.Graph;
import cnnx.kernels.plan.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a conv block's epilogue (bias is the template's; here: residual add, activations, any
 * element step) as an inline C function of the accumulator and the output coordinates, for a
 * contraction template to call once per output element.
 */
public final class EpilogueWriter {
  /**
   * @param functionSource the function's C source, to prepend to the template
   * @param extraValues values whose buffers the template must pass after the coordinates
   * @param paramDecls C parameter declarations for them (", __global const float* p0, ...") or ""
   * @param callArgs the argument list to pass them through (", p0, ...") or ""
   */
  public record Written(String functionName, String functionSource, List<String> extraValues,
      String paramDecls, String callArgs) {
    /** C call expression: name(acc, c0, c1, ..., extras). */
    public String call(String acc, List<String> coords) {
      String c = coords.isEmpty() ? "" : ", " + String.join(", ", coords);
      return functionName + "(" + acc + c + callArgs + ")";
    }
  }

  private EpilogueWriter() {}

  /**
   * @param producedValue the contraction's output value (the fused operand of the first step)
   * @param steps the element steps after the contraction; may be empty
   * @param rank the output rank
   */
  public static Written write(Graph graph, String producedValue, List<ChainStep> steps, int rank, String name) {
    return write(graph, producedValue, steps, rank, name, false);
  }

  /**
   * As {@link #write(Graph, String, List, int, String)}, with one more coordinate after the others: the output
   * element's row-major index, at which operands of the output's shape are read. Such a function holds no
   * strides of the output's shape, so templates whose geometry comes at run time share one program across layers.
   */
  public static Written writeWithFlatIndex(Graph graph, String producedValue, List<ChainStep> steps, int rank,
      String name) {
    return write(graph, producedValue, steps, rank, name, true);
  }

  private static Written write(Graph graph, String producedValue, List<ChainStep> steps, int rank, String name,
      boolean flat) {
    int[] shape = graph.typeOf(producedValue).orElseThrow().shape();
    List<String> coords = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      coords.add("c" + a);
    }
    BodyWriter body = new BodyWriter(graph, coords, shape, flat ? "fi" : null);
    String var = "acc";
    String fused = producedValue;
    for (ChainStep s : steps) {
      var = body.step(s.node(), s.output(), s.emitter(), fused, var);
      fused = s.node().output(s.output());
    }
    StringBuilder decls = new StringBuilder();
    StringBuilder call = new StringBuilder();
    List<String> extras = new ArrayList<>();
    for (Map.Entry<String, String> p : body.params().entrySet()) {
      decls.append(", ").append(BodyWriter.paramDecl(graph, p.getKey(), p.getValue()));
      call.append(", ").append(p.getValue());
      extras.add(p.getKey());
    }
    StringBuilder src = new StringBuilder("inline float ").append(name).append("(float acc");
    for (String c : coords) {
      src.append(", long ").append(c);
    }
    if (flat) {
      src.append(", long fi");
    }
    src.append(decls).append(") {\n").append(body.code()).append("  return ").append(var).append(";\n}\n");
    return new Written(name, src.toString(), extras, decls.toString(), call.toString());
  }
}
