package cnnx.compiler.codegen.spatial;

import cnnx.boards.DeviceKind;
import cnnx.boards.Target;
import cnnx.compiler.codegen.ChainStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ways one (not depthwise) conv block can be computed on a target, named for {@link cnnx.compiler.codegen.Tuning}:
 * the choice the built-in rules make first, then the other templates that can compute it (pointwise, Winograd) and
 * other register blockings of the direct template. Every variant computes the same block with the same fused steps;
 * they differ in speed only, which depends on the device, so an auto-tuner measures them there.
 */
final class ConvVariants {
  static final String POINTWISE = "pointwise";
  static final String WINOGRAD = "winograd";
  static final String SMALL_CHANNEL = "small-channel";

  /**
   * A blocking of the direct template (conv.cl): VW channels per vector, NV vectors, at most {@code maxWidth} x
   * positions per work-item, of which the layer's row takes {@code xb} (named by it: two caps that give a row the
   * same block are one variant).
   */
  record Direct(int vw, int nv, int maxWidth, int xb) {
    String name() {
      return "direct " + vw + "x" + nv + " xb" + xb;
    }
  }

  private final Map<String, Direct> direct = new LinkedHashMap<>();
  private final List<String> names = new ArrayList<>();

  private ConvVariants() {}

  /**
   * @param pointwise whether conv/pointwise.cl can compute the block, and {@code pointwiseFirst} whether the rules
   *     take it; likewise Winograd ({@code winogradMode} OFF offers none) and the small-channel template
   */
  static ConvVariants of(Target t, int mg, long workItemsPerBlock, int taps, java.util.function.IntUnaryOperator xbOf,
      boolean pointwise, boolean pointwiseFirst, boolean winograd, boolean winogradFirst, boolean small) {
    ConvVariants v = new ConvVariants();
    int vw = ConvBlocking.channels(t, mg);
    int nv = ConvBlocking.vectors(t, mg, vw, workItemsPerBlock);
    int max = ConvBlocking.maxWidth(t, vw, nv, taps);
    Direct rules = new Direct(vw, nv, max, xbOf.applyAsInt(max));
    if (pointwiseFirst) {
      v.names.add(POINTWISE);
    } else if (winogradFirst) {
      v.names.add(WINOGRAD);
    } else if (small) {
      v.names.add(SMALL_CHANNEL);
    }
    v.add(rules);
    if (pointwise && !pointwiseFirst) {
      v.names.add(POINTWISE);
    }
    if (winograd && !winogradFirst) {
      v.names.add(WINOGRAD);
    }
    if (small && (pointwiseFirst || winogradFirst)) {
      v.names.add(SMALL_CHANNEL);
    }
    for (int[] d : alternatives(t, mg, taps, rules)) {
      v.add(new Direct(d[0], d[1], d[2], xbOf.applyAsInt(d[2])));
    }
    return v;
  }

  /**
   * Other blockings worth a measurement: half the x positions (more work-items, fewer registers), the other number
   * of vectors on a CPU, the other vector widths, and on a CPU rows wider than the rules take. All are legal for any channel count: the weights are packed
   * for the blocking and the last block's extra channels are never stored.
   */
  private static List<int[]> alternatives(Target t, int mg, int taps, Direct rules) {
    List<int[]> out = new ArrayList<>(); // {vw, nv, maxWidth}
    out.add(new int[] {rules.vw(), rules.nv(), Math.max(1, rules.maxWidth() / 2)});
    boolean cpu = t.kind() == DeviceKind.CPU;
    if (cpu && rules.vw() == 16) {
      int nv = rules.nv() == 2 ? 1 : 2;
      if (nv == 1 || mg > 16) {
        out.add(new int[] {16, nv, ConvBlocking.maxWidth(t, 16, nv, taps)});
      }
    }
    for (int vw : cpu ? new int[] {16, 8} : new int[] {8, 16, 4}) {
      if (vw != rules.vw() && (vw <= 4 || mg > vw / 2)) {
        out.add(new int[] {vw, 1, ConvBlocking.maxWidth(t, vw, 1, taps)});
      }
    }
    if (cpu && rules.vw() >= 8) {
      // wider rows than the rules allow: up to 16 accumulators of one vector, or 2 x 14 (31 of AVX-512's 32 registers)
      out.add(rules.nv() == 1 ? new int[] {rules.vw(), 1, 16} : new int[] {rules.vw(), 2, 14});
    }
    if (!cpu) {
      out.add(new int[] {rules.vw(), 1, 8}); // a GPU with registers to spare: more x per work-item
    }
    return out;
  }

  private void add(Direct d) {
    if (!direct.containsKey(d.name())) {
      direct.put(d.name(), d);
      names.add(d.name());
    }
  }

  /** The names, the rules' choice first. */
  List<String> names() {
    return List.copyOf(names);
  }

  /** The direct blocking of a name, or null for another template. */
  Direct direct(String name) {
    return direct.get(name);
  }

  /**
   * Everything a conv block's speed depends on: batch, channels, groups, plane, window, the fused pool and steps.
   * Two blocks with equal keys in any model take the same variant.
   */
  static String key(int n, int c, int m, int groups, ConvGeometry geo, ConvGeometry pool, List<ChainStep> epilogue) {
    StringBuilder b = new StringBuilder("conv n").append(n).append(" c").append(c).append(" m").append(m);
    if (groups != 1) {
      b.append(" g").append(groups);
    }
    b.append(" in").append(dims(geo.in(), geo.rank())).append(" out").append(dims(geo.out(), geo.rank())).append(" k").append(dims(geo.kernel(), geo.rank()))
        .append(" s").append(dims(geo.strides(), geo.rank())).append(" d").append(dims(geo.dilations(), geo.rank()))
        .append(" p").append(Arrays.toString(geo.pads()).replace(" ", ""));
    if (pool != null) {
      b.append(" pool").append(dims(pool.kernel(), pool.rank()));
    }
    if (!epilogue.isEmpty()) {
      b.append(" +").append(ConvLowering.stepNames(epilogue).replace(", ", "+"));
    }
    return b.toString();
  }

  private static String dims(int[] v, int rank) {
    StringBuilder b = new StringBuilder();
    for (int a = 3 - rank; a < 3; a++) {
      b.append(b.length() > 0 ? "x" : "").append(v[a]);
    }
    return b.toString();
  }
}
