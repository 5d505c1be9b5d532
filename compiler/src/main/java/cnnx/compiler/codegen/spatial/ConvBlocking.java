package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.EpilogueWriter;
import java.util.List;

/**
 * Register blocking of the conv templates: how many output channels (one float vector) and how
 * many output x positions one work-item accumulates, and the epilogue macro they call.
 */
final class ConvBlocking {
  private ConvBlocking() {}

  /**
   * Output channels per work-item on target {@code t}. A CPU whose vectors hold 16 floats takes a
   * float16 for 8 channels or more wherever its padding at most doubles them: a float8 runs at half the FMA
   * width, so 24 channels as two float16s (8 lanes idle) ran twice as fast as three float8s on PoCL, and
   * SqueezeNet's 1000 as 63 float16s beat 125 float8s; {@code cnnx tune} measured ShuffleNet's grouped 1x1 convs
   * of 34 channels per group 1.3-1.4x faster as float16s (48 channels) than as float8s (40). Else as
   * {@link #channels(int)}.
   */
  static int channels(cnnx.boards.Target t, int mg) {
    if (t.kind() == cnnx.boards.DeviceKind.CPU && t.simdWidth() >= 16 && mg >= 8 && ceil(mg, 16) * 16L <= 2L * mg) {
      return 16;
    }
    return channels(mg);
  }

  /**
   * Output channels per work-item for Mg channels per group: the widest vector that divides Mg,
   * else the widest whose padding wastes at most a quarter, else one (depthwise).
   */
  static int channels(int mg) {
    for (int w : new int[] {16, 8, 4}) {
      if (mg % w == 0) {
        return w;
      }
    }
    for (int w : new int[] {16, 8, 4}) {
      if (ceil(mg, w) * w * 3L <= mg * 4L) {
        return w;
      }
    }
    return mg % 2 == 0 ? 2 : 1;
  }

  /**
   * Vectors of {@code vw} channels per work-item. More vectors share each input broadcast among
   * more multiply-adds: two 16-wide vectors, where the wider block pads Mg by at most half again
   * a third of its lanes idle at most ({@link #padsLittle}); fewer when the layer would leave
   * under 16 work-items. 1x1 kernels took four until measured against two with 14 positions (the
   * same 28 accumulators): two ran ResNet-50 in 24-25.5 ms against 28.5-36 ms and SqueezeNet in
   * 2.6-2.8 against 2.9-3.6 ms (its 512 to 1000 conv10 0.45-0.47 against 0.52-0.62 ms), alternating
   * runs of {@code cnnx plan MODEL --predict opencl:0}; four 64-channel weight rows per position
   * block were read again for every one of the plane's few wide blocks.
   */
  static int vectors(cnnx.boards.Target t, int mg, int vw, long workItemsPerBlock) {
    if (t.kind() != cnnx.boards.DeviceKind.CPU) {
      return 1; // a GPU work-item has no wide registers: parallelism comes from more work-items, not wider blocks
    }
    int nv = vw == 16 && padsLittle(mg, vw, 2) ? 2 : 1;
    while (nv > 1 && workItemsPerBlock * ceil(mg, vw * nv) < 16) {
      nv /= 2;
    }
    return nv;
  }

  /**
   * Whether blocks of nv vectors leave at most a third of their lanes idle: two float16s sharing each input
   * broadcast ran ShuffleNet's 68-channel groups (96 lanes) 2.3x and SqueezeNet's 48-channel 1x1 convs (64 lanes)
   * 1.8x faster than one float16, but its 34-channel groups (64 lanes) 1.2x slower ({@code cnnx tune}, PoCL on
   * AVX-512).
   */
  private static boolean padsLittle(int mg, int vw, int nv) {
    return ceil(mg, vw * nv) * (long) (vw * nv) * 2 <= mg * 3L;
  }

  /**
   * The most x positions per work-item: on a CPU, keeping NV x XB accumulators, NV weight vectors and a
   * broadcast input within the 32 vector registers of AVX-512; on a GPU, few enough for many work-items.
   */
  static int maxWidth(cnnx.boards.Target t, int vw, int nv, int taps) {
    if (t.kind() != cnnx.boards.DeviceKind.CPU) {
      return 4; // at most 64 accumulators per work-item keeps a GPU's occupancy up
    }
    if (vw < 8) {
      return vw == 4 ? 12 : 16;
    }
    return nv == 4 ? 7 : nv == 2 && taps == 1 ? 14 : 8;
  }

  /**
   * Whether a conv is a plain 1x1 (stride 1, no padding, same plane in and out) whose plane the template can walk
   * as one row: its inputs and outputs are contiguous along the plane, so position blocks cross row ends freely
   * and only the plane's last block is partial (SqueezeNet's 13x13 planes: 7 of 13 positions per block wasted 1
   * of 14 on every row, and every row had an edge block).
   */
  static boolean flattens(ConvGeometry g) {
    return g.taps() == 1 && java.util.Arrays.equals(g.strides(), new int[] {1, 1, 1})
        && java.util.Arrays.stream(g.pads()).allMatch(p -> p == 0) && java.util.Arrays.equals(g.in(), g.out());
  }

  /** The geometry of a {@link #flattens} conv over its plane as one row. */
  static ConvGeometry flattened(ConvGeometry g) {
    int plane = g.out()[0] * g.out()[1] * g.out()[2];
    int[] row = {1, 1, plane};
    return new ConvGeometry(g.rank(), row, row.clone(), g.kernel(), g.strides(), g.dilations(), g.pads());
  }

  /** Positions per work-item along a flattened plane: the most that fit when the last block wastes at most 1/16. */
  static int flatWidth(int plane, int max) {
    if (plane <= max || (long) ceil(plane, max) * max - plane <= plane / 16) {
      return Math.min(plane, max);
    }
    return width(plane, max);
  }

  /**
   * VW, NV 1 and XB VW: the first defines of the templates vectorised along x (common.cl's vectors), whose
   * work-item holds one output position per lane of one vector. Further defines go after them.
   */
  static java.util.Map<String, String> alongX(int vw) {
    java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("VW", String.valueOf(vw));
    d.put("NV", "1");
    d.put("XB", String.valueOf(vw));
    return d;
  }

  /** KH KW, SH SW, DH DW of a 2-D conv, for the x-vectorised templates that gather rows (rows.cl). */
  static java.util.Map<String, String> rowWindow(ConvGeometry g) {
    java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("KH", String.valueOf(g.kernel()[1]));
    d.put("KW", String.valueOf(g.kernel()[2]));
    d.put("SH", String.valueOf(g.strides()[1]));
    d.put("SW", String.valueOf(g.strides()[2]));
    d.put("DH", String.valueOf(g.dilations()[1]));
    d.put("DW", String.valueOf(g.dilations()[2]));
    return d;
  }

  /** Asks for the target's work-group shape for register-blocked kernels ({@link WorkGroups#blocked}). */
  static long[] local() {
    return cnnx.compiler.codegen.LoweringContext.BLOCKED;
  }

  /** "32 channels (2 x float16) x 8 x positions" for the launch notes. */
  static String describe(int vw, int nv, int xb) {
    return vw * nv + " channels (" + (nv > 1 ? nv + " x " : "") + (vw == 1 ? "float" : "float" + vw) + ") x " + xb
        + " x positions per work-item";
  }

  /**
   * Positions per work-item along a row of {@code width}: {@code width} itself when it fits,
   * else the size in [max/2, max] that leaves the least idle tail (ties: the larger).
   */
  static int width(int width, int max) {
    if (width <= max) {
      return width;
    }
    int best = max;
    int bestWaste = Integer.MAX_VALUE;
    for (int xb = max; xb >= Math.max(1, max / 2); xb--) {
      int waste = ceil(width, xb) * xb - width;
      if (waste < bestWaste) {
        best = xb;
        bestWaste = waste;
      }
    }
    return best;
  }

  /**
   * EDGES, EDGE_L, EDGE_R for conv.cl: where the x padding touches only the first L inputs of
   * the first block's window and the last R of the last block's, the template reads every row
   * directly and drops the padding taps at compile time; else (EDGES 0) it reads clamped loads
   * wherever a window crosses the row's ends.
   */
  static java.util.Map<String, String> edges(ConvGeometry g, int xb, int xBlocks) {
    int s = g.strides()[2];
    int window = (xb - 1) * s + (g.kernel()[2] - 1) * g.dilations()[2] + 1;
    int[] left = new int[xBlocks];
    int[] right = new int[xBlocks];
    boolean regular = true;
    for (int b = 0; b < xBlocks; b++) {
      int ix0 = b * xb * s - g.pads()[2];
      left[b] = Math.max(0, -ix0);
      right[b] = Math.max(0, ix0 + window - g.in()[2]);
      regular &= (b == 0 || left[b] == 0) && (b == xBlocks - 1 || right[b] == 0);
    }
    java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("EDGES", regular ? "1" : "0");
    d.put("EDGE_L", String.valueOf(regular ? left[0] : 0));
    d.put("EDGE_R", String.valueOf(regular ? right[xBlocks - 1] : 0));
    return d;
  }

  /** An output with no elements needs no launch (an NDRange may not be empty). */
  static boolean isEmpty(cnnx.compiler.ir.Graph graph, String value) {
    for (int d : ConvGeometry.shape(graph, value)) {
      if (d == 0) {
        return true;
      }
    }
    return false;
  }

  static int ceil(int a, int b) {
    return (a + b - 1) / b;
  }

  /** EPI(v, n, oc, z, y, x) calling the epilogue with the coordinates of a rank-r conv output. */
  static String epiMacro(EpilogueWriter.Written e, int rank) {
    List<String> coords = switch (rank) {
      case 3 -> List.of("(long)(n)", "(long)(oc)", "(long)(x)");
      case 4 -> List.of("(long)(n)", "(long)(oc)", "(long)(y)", "(long)(x)");
      case 5 -> List.of("(long)(n)", "(long)(oc)", "(long)(z)", "(long)(y)", "(long)(x)");
      default -> throw new IllegalArgumentException("conv output rank " + rank);
    };
    return "(v, n, oc, z, y, x) " + e.call("(v)", coords);
  }
}
