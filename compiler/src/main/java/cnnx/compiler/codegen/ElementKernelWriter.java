package cnnx.compiler.codegen;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Shapes;
import cnnx.kernels.plan.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a kernel computing a chain of element emitters, one work-item per output element:
 * coordinates from the global id, the chain's body, one store.
 */
public final class ElementKernelWriter {
  /**
   * @param source complete OpenCL C program
   * @param inputValues values bound to the kernel's input buffer parameters, in order; the output
   *     buffers are the last parameters
   * @param elements output element count
   * @param global the launch's global size: the elements in one dimension, or plane and rows in two
   */
  public record Written(String kernelName, String source, List<String> inputValues, long elements, long[] global) {}

  private ElementKernelWriter() {}

  /**
   * Writes the chain's kernel. Its name is the hint plus a hash of its body, so identical kernels
   * share one program within a plan and, through the binary cache, across plans.
   */
  public static Written write(Graph graph, List<ChainStep> chain, String hint) {
    return write(graph, chain, hint, Map.of());
  }

  /** As {@link #write(Graph, List, String)}, computing the {@code inlined} values where they are read. */
  public static Written write(Graph graph, List<ChainStep> chain, String hint, Map<String, ChainStep> inlined) {
    return writeMany(graph, List.of(chain), hint, inlined);
  }

  /**
   * One kernel computing several chains whose outputs have one shape: each work-item computes its element of every
   * output, reading shared inputs once (a Split's parts, sibling Slices of one value). A small model's launches cost
   * a CPU driver microseconds each whatever their size. The output buffers are the last parameters, in the chains'
   * order.
   */
  public static Written writeMany(Graph graph, List<List<ChainStep>> chains, String hint,
      Map<String, ChainStep> inlined) {
    List<String> outValues = new ArrayList<>();
    for (List<ChainStep> chain : chains) {
      ChainStep last = chain.get(chain.size() - 1);
      outValues.add(last.node().output(last.output()));
    }
    int[] shape = graph.typeOf(outValues.get(0)).orElseThrow().shape();
    for (String v : outValues) {
      if (!java.util.Arrays.equals(graph.typeOf(v).orElseThrow().shape(), shape)) {
        throw new IllegalArgumentException("outputs of one element kernel differ in shape: " + outValues);
      }
    }
    List<String> coords = new ArrayList<>();
    for (int a = 0; a < shape.length; a++) {
      coords.add("c" + a);
    }
    BodyWriter body = new BodyWriter(graph, coords, shape, "gid", inlined);
    List<String> vars = new ArrayList<>();
    for (List<ChainStep> chain : chains) {
      String var = null;
      String fusedValue = null;
      for (ChainStep s : chain) {
        var = body.step(s.node(), s.output(), s.emitter(), fusedValue, var);
        fusedValue = s.node().output(s.output());
      }
      vars.add(var);
    }
    StringBuilder src = new StringBuilder();
    src.append("__kernel void KERNEL_NAME(");
    List<String> inputs = new ArrayList<>();
    for (Map.Entry<String, String> p : body.params().entrySet()) {
      src.append(BodyWriter.paramDecl(graph, p.getKey(), p.getValue())).append(", ");
      inputs.add(p.getKey());
    }
    long elements = Shapes.size(shape);
    List<String> outNames = new ArrayList<>();
    for (int o = 0; o < outValues.size(); o++) {
      ElementType outType = Types.storage(graph.typeOf(outValues.get(o)).orElseThrow().dtype());
      outNames.add(o == 0 ? "out" : "out" + o);
      src.append(o == 0 ? "" : ", ").append("__global ").append(outType.openClType()).append("* restrict ")
          .append(outNames.get(o));
    }
    src.append(") {\n");
    int[] strides = Shapes.strides(shape);
    long plane = planeOf(shape);
    long[] global;
    if (plane > 0) {
      // Two dimensions: the plane (axes 2..) along dimension 0, batch and channel along dimension 1, so that a
      // work-item's batch and channel do not vary across the lanes the driver vectorizes dimension 0 into: a
      // per-channel operand (a bias, a scale) is one load per row instead of a gather per element. On PoCL a
      // per-channel Mul, Add and Relu over 256x28x28 took 0.11-0.18 ms this way against 0.27-0.29 ms in one dimension.
      // No bounds guard: every local size divides the global size (WorkGroups), and a guard made each load
      // conditional, so PoCL read a per-channel operand as a masked gather of one address (64x56x56: a BatchNorm
      // and Relu 0.20-0.28 ms with the guard, 0.03-0.06 ms without).
      long rows = elements / plane;
      global = new long[] {plane, rows};
      src.append("  const long g0 = get_global_id(0);\n");
      src.append("  const long g1 = get_global_id(1);\n");
      src.append("  const long gid = g1 * ").append(plane).append("L + g0;\n");
      for (int a = 0; a < shape.length; a++) {
        String within = a < 2 ? "(g1 / " + strides[a] / plane + "L) % " + shape[a] + "L"
            : "(g0 / " + strides[a] + "L) % " + shape[a] + "L";
        src.append("  const long c").append(a).append(" = ").append(shape[a] == 1 ? "0" : within).append(";\n");
      }
    } else {
      global = new long[] {Math.max(1, elements)};
      src.append("  const long gid = get_global_id(0);\n");
      if (elements == 0) {
        src.append("  if (gid >= 0L) return; /* an empty output: the launch's one work-item stores nothing */\n");
      }
      for (int a = 0; a < shape.length; a++) {
        src.append("  const long c").append(a).append(" = ");
        src.append(shape[a] == 1 ? "0" : "(gid / " + strides[a] + "L) % " + shape[a] + "L").append(";\n");
      }
    }
    src.append(body.code());
    for (int o = 0; o < outNames.size(); o++) {
      src.append("  ").append(outNames.get(o)).append("[gid] = ").append(vars.get(o)).append(";\n");
    }
    src.append("}\n");
    String text = src.toString();
    String kernelName = hint.replaceAll("[^A-Za-z0-9_]", "_") + "_" + Hashes.shortHash(text);
    return new Written(kernelName, text.replace("KERNEL_NAME", kernelName), inputs, elements, global);
  }

  /** Elements per (batch, channel) row for a launch in two dimensions, or 0 for one dimension. */
  private static long planeOf(int[] shape) {
    if (shape.length < 3 || (long) shape[0] * shape[1] < 2) {
      return 0;
    }
    long plane = 1;
    for (int a = 2; a < shape.length; a++) {
      plane *= shape[a];
    }
    return plane >= 16 ? plane : 0;
  }
}
