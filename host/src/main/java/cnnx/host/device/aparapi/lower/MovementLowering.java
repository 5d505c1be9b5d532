package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Data movement. Reshape-like ops alias their input's array. Every other layout op becomes {@link CopyKernel}
 * index maps taken from the op's own reference semantics: the op is evaluated once, at load, on int64 "iota"
 * tensors (each element holding 1 + its position among all sources), so each output element says which source
 * element it is, or 0 for a fill value. One definition — the reference — serves both devices.
 *
 * @see cnnx.host.device.aparapi.kernels.CopyKernel
 */
final class MovementLowering {
  private MovementLowering() {}

  private static final Set<String> ALIASES = Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity",
      "Dropout");
  private static final Set<String> MAPPED = Set.of("Transpose", "Pad", "Slice", "Gather", "Concat", "Expand", "Tile",
      "DepthToSpace", "SpaceToDepth", "Split");

  static boolean handles(String op) {
    return ALIASES.contains(op) || MAPPED.contains(op) || op.equals("Resize") || op.equals("ConstantOfShape");
  }

  static List<Step> lower(Node n, LoweringContext ctx) {
    List<String> nodes = List.of(n.name());
    if (ALIASES.contains(n.opType())) {
      for (int i = 1; i < n.outputs().size(); i++) {
        if (!n.output(i).isEmpty()) {
          throw new Unsupported("its output #" + i + " (only the first is an alias)");
        }
      }
      return List.of(new AliasStep(nodes, n.input(0), n.output(0)));
    }
    if (n.opType().equals("ConstantOfShape")) {
      return List.of(filled(n, ctx, nodes));
    }
    if (n.opType().equals("Resize")) {
      return ResizeLowering.lower(n, ctx, nodes);
    }
    return mapped(n, ctx, nodes);
  }

  /** ConstantOfShape (left unfolded when large): every element is the fill value. */
  private static FillStep filled(Node n, LoweringContext ctx, List<String> nodes) {
    ctx.requireConstant(n, 0, "shape");
    float value = n.has("value") ? n.tensorAttr("value").floats()[0] : 0f;
    return new FillStep(nodes, n.output(0), ctx.size(n.output(0)), value);
  }

  private static List<Step> mapped(Node n, LoweringContext ctx, List<String> nodes) {
    List<Tensor> probes = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<Long> bases = new ArrayList<>();
    long base = 0;
    float fill = 0f;
    for (int i = 0; i < n.inputs().size(); i++) {
      if (!n.hasInput(i)) {
        probes.add(null);
        continue;
      }
      String v = n.input(i);
      boolean padValue = n.opType().equals("Pad") && i == 2;
      if (padValue) {
        fill = ctx.requireConstant(n, i, "constant_value").floats()[0];
        probes.add(Tensor.ofLongs(DataType.INT64, ctx.shape(v), new long[ctx.size(v)]));
      } else if (ctx.type(v).dtype().isFloating()) {
        int[] shape = ctx.shape(v);
        long[] iota = new long[Shapes.size(shape)];
        for (int j = 0; j < iota.length; j++) {
          iota[j] = base + j + 1;
        }
        probes.add(Tensor.ofLongs(DataType.INT64, shape, iota));
        sources.add(v);
        bases.add(base);
        base += iota.length;
      } else {
        probes.add(ctx.requireConstant(n, i, "input #" + i));
      }
    }
    List<Tensor> maps = OpRegistry.standard().find(n.opType()).orElseThrow().evaluate(n, probes);
    List<Step> steps = new ArrayList<>();
    for (int o = 0; o < n.outputs().size() && o < maps.size(); o++) {
      if (!n.output(o).isEmpty()) {
        steps.add(copy(nodes, maps.get(o).longs(), sources, bases, ctx, n.output(o), fill));
      }
    }
    return steps;
  }

  /** Splits one output's map by source: element j reads source s at (map[j] - 1 - base[s]), or fills at 0. */
  private static CopyStep copy(List<String> nodes, long[] map, List<String> sources, List<Long> bases,
      LoweringContext ctx, String out, float fill) {
    List<CopyStep.Part> parts = new ArrayList<>();
    int fills = 0;
    for (long v : map) {
      if (v == 0) {
        fills++;
      }
    }
    if (fills > 0) {
      int[] dst = new int[fills];
      int[] src = new int[fills];
      int f = 0;
      for (int j = 0; j < map.length; j++) {
        if (map[j] == 0) {
          dst[f] = j;
          src[f++] = -1;
        }
      }
      parts.add(new CopyStep.Part(null, src, dst));
    }
    for (int s = 0; s < sources.size(); s++) {
      long lo = bases.get(s);
      long hi = lo + ctx.size(sources.get(s));
      int count = 0;
      for (long v : map) {
        if (v > lo && v <= hi) {
          count++;
        }
      }
      if (count == 0) {
        continue;
      }
      int[] dst = new int[count];
      int[] src = new int[count];
      int c = 0;
      for (int j = 0; j < map.length; j++) {
        if (map[j] > lo && map[j] <= hi) {
          dst[c] = j;
          src[c++] = (int) (map[j] - 1 - lo);
        }
      }
      parts.add(new CopyStep.Part(sources.get(s), src, dst));
    }
    return new CopyStep(nodes, parts, out, map.length, fill);
  }
}
