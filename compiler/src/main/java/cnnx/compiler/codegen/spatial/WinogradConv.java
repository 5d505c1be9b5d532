package cnnx.compiler.codegen.spatial;

import cnnx.boards.DeviceKind;
import cnnx.boards.Target;
import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.ConcatPlacement;
import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.codegen.Winograd;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A 3x3 stride-1 conv as Winograd F(2x2, 3x3), in three launches: conv/winograd_in.cl turns the
 * input's 4x4 tiles into V[16][C][tiles]; conv/winograd_gemm.cl multiplies them by the weights
 * transformed at compile time, U = G g G^T, into M[16][tiles][K] (16 GEMMs, one per transformed
 * element); conv/winograd_out.cl turns each tile's 16 sums into its 2x2 outputs with bias and the
 * fused epilogue. The GEMMs do 16 multiply-adds per tile and channel pair where the
 * direct conv does 36, at the cost of writing and reading V and M (two scratch buffers). Only the
 * output transform names the ONNX nodes: like a weight pack, the first two compute no node's value,
 * and every node keeps one launch (its value, tolerance and fault injection are that launch's).
 */
final class WinogradConv {
  private WinogradConv() {}

  /** Whether the conv can run this way under {@code mode}, and (AUTO) gains by it on the target. */
  static boolean applies(Winograd mode, LoweringContext ctx, Node head, int rank, int c, int m, ConvGeometry geo,
      int groups, Node pool) {
    if (mode == Winograd.OFF || rank != 4 || groups != 1 || pool != null
        || !Arrays.equals(geo.kernel(), new int[] {1, 3, 3}) || !Arrays.equals(geo.strides(), new int[] {1, 1, 1})
        || !Arrays.equals(geo.dilations(), new int[] {1, 1, 1})) {
      return false;
    }
    Tensor w = ctx.graph().initializers().get(head.input(1));
    if (w == null || !w.isFloating()) {
      return false; // weights computed at run time: the transform is done at compile time only
    }
    long tiles = (long) ConvGeometry.shape(ctx.graph(), head.input(0))[0] * ceil(geo.out()[1], 2) * ceil(geo.out()[2], 2);
    if (16L * Math.max(c, m + 63) * tiles > Integer.MAX_VALUE || 16L * c * (m + 63) > Integer.MAX_VALUE) {
      return false; // scratch planes and the transformed weights are indexed by int on the JVM and in the kernels
    }
    long outputs = (long) ConvGeometry.shape(ctx.graph(), head.input(0))[0] * geo.out()[1] * geo.out()[2];
    return mode == Winograd.ALWAYS || gains(ctx.target(), c, m, tiles) && !directStreams(ctx.target(), c, m, tiles, outputs);
  }

  /**
   * Where the weights come from memory and meet few tiles, the direct template asking for them ahead beat Winograd,
   * whose transformed weights are 16/9 as many bytes: ResNet-18's 7x7 layers at batch 1 (16 tiles), device time
   * 8.40 against 8.13 ms direct (medians of four alternating rounds of {@code cnnx plan MODEL --predict opencl:0
   * --runs 20}, 2026-12-02); its 14x14 layers (49 tiles) direct were slower, 8.64 ms.
   */
  static boolean directStreams(Target t, int c, int m, long tiles, long outputs) {
    return tiles <= 16 && WeightPrefetch.ahead(t, 4L * 9 * c * m, outputs, WeightPrefetch.DIRECT_STEPS) > 0;
  }

  /**
   * Where Winograd beat the direct template, measured per layer on PoCL (2 AVX-512 cores): with 128 or more
   * channels in and out, 15-40% faster (ResNet-18's 28x28, 14x14 and 7x7 layers; VGG-19's 56x56 to 14x14). With
   * 64 channels the transforms' traffic ate the GEMMs' gain (ResNet-18's 56x56 layers broke even), and where V
   * and M outgrow the caches their trips through memory lose (VGG-19's 112x112 layer, 64 to 128 channels: 30%
   * slower), so the scratch is capped at the largest that gained (a 56x56 output, 256 channels in and out).
   */
  static boolean gains(Target t, int c, int m, long tiles) {
    long scratchBytes = 16L * 4 * (c + m) * tiles;
    return t.kind() == DeviceKind.CPU && t.simdWidth() >= 16 && c >= 128 && m >= 128 && scratchBytes <= MAX_SCRATCH;
  }

  private static final long MAX_SCRATCH = 32L << 20;

  static void lower(Node head, List<ChainStep> epilogue, String outputValue, ConvGeometry geo, LoweringContext ctx) {
    Graph graph = ctx.graph();
    int[] xs = ConvGeometry.shape(graph, head.input(0));
    int n = xs[0];
    int c = xs[1];
    int k = ConvGeometry.shape(graph, head.input(1))[0];
    int oh = geo.out()[1];
    int ow = geo.out()[2];
    int th = ceil(oh, 2);
    int tw = ceil(ow, 2);
    int tiles = n * th * tw;
    List<String> nodes = new ArrayList<>(head.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    String x = head.input(0);

    // Input transform: the tile row's columns as vector lanes; 16 only for rows that fill them, so that most nets
    // build one such program (the geometry is passed at run time).
    int tv = tw >= 16 ? 16 : 8;
    long vs = plane((long) c * tiles);
    int v = ctx.scratch("winograd input tiles of " + x, 16 * vs);
    int ci = 8;
    while (ci > 1 && (long) ceil(tw, tv) * n * th * ceil(c, ci) < 256) {
      ci /= 2;
    }
    KernelText.Built in = KernelText.build("wino_in", defines("TV", tv), noEpilogue(graph, head),
        ConvBlocking.epiMacro(noEpilogue(graph, head), 4), List.of("conv/winograd_in.cl"));
    List<KernelArg> inArgs = new ArrayList<>();
    inArgs.add(new KernelArg.Buffer(ctx.buffer(x)));
    inArgs.add(new KernelArg.Buffer(v));
    for (int a : new int[] {c, geo.in()[1], th, tiles}) {
      inArgs.add(new KernelArg.Int(a));
    }
    inArgs.add(new KernelArg.Long(vs));
    for (int a : new int[] {geo.pads()[1], geo.in()[2], tw, geo.pads()[2], ci}) {
      inArgs.add(new KernelArg.Int(a));
    }
    ctx.launch(in.kernelName(), ctx.program(in.source()), inArgs, new long[] {ceil(tw, tv), (long) n * th, ceil(c, ci)},
        ConvBlocking.local(), List.of(), List.of(v), "Winograd F(2x2,3x3) input transform of " + x + ": " + tiles
            + " 4x4 tiles x " + c + " channels to V[16][" + c + "][" + tiles + "], " + tv + " tiles x " + ci
            + " channels per work-item");

    // The 16 GEMMs M[e] = U[e] V[e], with the weights transformed at compile time.
    int nv = gemmVectors(k);
    int kb = nv * 16;
    int kBlocks = ceil(k, kb);
    int tb = ConvBlocking.width(tiles, 24 / nv);
    KernelText.Built mm = KernelText.build("wino_gemm", defines("NV", nv, "TB", tb, "PREFETCH",
        WeightPrefetch.flag(ctx.target())),
        noEpilogue(graph, head), ConvBlocking.epiMacro(noEpilogue(graph, head), 4), List.of("conv/winograd_gemm.cl"));
    int u = ctx.constant("winograd weights " + head.input(1),
        packed(graph.initializers().get(head.input(1)).floats(), k, c, kBlocks, kb));
    long ms = plane((long) kBlocks * kb * tiles);
    int products = ctx.scratch("winograd products of " + head.output(0), 16 * ms);
    List<KernelArg> mmArgs = List.of(new KernelArg.Buffer(v), new KernelArg.Buffer(u), new KernelArg.Buffer(products),
        new KernelArg.Int(c), new KernelArg.Int(tiles), new KernelArg.Int(kBlocks), new KernelArg.Long(vs),
        new KernelArg.Long(ms), new KernelArg.Int(
            WeightPrefetch.ahead(ctx.target(), 16L * 4 * c * kBlocks * kb, tiles, WeightPrefetch.WINOGRAD_STEPS)));
    ctx.launch(mm.kernelName(), ctx.program(mm.source()), mmArgs, new long[] {ceil(tiles, tb), 1, 16L * kBlocks},
        ConvBlocking.local(), List.of(), List.of(products), "Winograd F(2x2,3x3) products: 16 GEMMs " + k + " x " + c
            + " x " + tiles + ", weights transformed at compile time; " + kb + " channels (" + nv
            + " x float16) x " + tb + " tiles per work-item");

    // Output transform, bias and epilogue.
    int to = 8; // one program for every row length: 4 for short rows made one more program to build, for little gain
    // Operands of the output's shape (a residual) are read at the output's own index, computed from the kernel's
    // arguments, so layers that differ only in size share the program.
    EpilogueWriter.Written epi = EpilogueWriter.writeWithFlatIndex(graph, head.output(0), epilogue, 4, "epilogue");
    boolean bias = head.hasInput(2);
    Map<String, String> outDefines = new LinkedHashMap<>();
    outDefines.put("TO", String.valueOf(to));
    outDefines.put("HAS_BIAS", KernelText.flag(bias));
    String epiMacro = "(v, n, oc, z, y, x) " + epi.call("(v)", List.of("(long)(n)", "(long)(oc)", "(long)(y)",
        "(long)(x)", "(((long)(n) * K + (oc)) * OH + (y)) * OW + (x)"));
    KernelText.Built out = KernelText.build("wino_out", outDefines, epi, epiMacro,
        List.of("conv/winograd_out.cl"));
    var slice = ConcatPlacement.of(graph, outputValue);
    int y = ctx.buffer(slice.map(ConcatPlacement.Slice::concatValue).orElse(outputValue));
    List<KernelArg> outArgs = new ArrayList<>();
    outArgs.add(new KernelArg.Buffer(products));
    if (bias) {
      outArgs.add(new KernelArg.Buffer(ctx.buffer(head.input(2))));
    }
    outArgs.add(new KernelArg.Buffer(y));
    for (int a : new int[] {k, kBlocks * kb, oh, ow, th, tw}) {
      outArgs.add(new KernelArg.Int(a));
    }
    outArgs.add(new KernelArg.Long(ms));
    outArgs.add(new KernelArg.Int(slice.map(ConcatPlacement.Slice::totalChannels).orElse(k)));
    outArgs.add(new KernelArg.Int(slice.map(ConcatPlacement.Slice::channelOffset).orElse(0)));
    epi.extraValues().forEach(e -> outArgs.add(new KernelArg.Buffer(ctx.buffer(e))));
    String note = "Winograd F(2x2,3x3) output transform: 16 channels x " + to + " tiles (2x2 outputs each) per work-item"
        + (bias ? ", bias" : "") + (epilogue.isEmpty() ? "" : "; epilogue " + ConvLowering.stepNames(epilogue))
        + slice.map(sl -> sl.note(k)).orElse("");
    ctx.launch(out.kernelName(), ctx.program(out.source()), outArgs,
        new long[] {(long) kBlocks * kb / 16, ceil(tw, to), (long) n * th}, ConvBlocking.local(), nodes, List.of(y), note);
  }

  /**
   * float16 vectors of output channels per GEMM work-item: four (24 accumulators with 6 tiles), fewer where
   * wider blocks would pad K by more than an eighth beyond 16-channel blocks.
   */
  static int gemmVectors(int k) {
    int narrow = ceil(k, 16) * 16;
    for (int nv : new int[] {4, 2}) {
      if (ceil(k, 16 * nv) * 16L * nv * 8 <= narrow * 9L) {
        return nv;
      }
    }
    return 1;
  }

  /**
   * Floats between two transformed elements' planes of {@code size}: rounded up to 16 (whole vectors), plus 32,
   * so the 16 planes a tile reads or writes at once do not all fall in one cache set (sizes that are multiples of
   * 4096 bytes, such as 64 channels x 28 x 28 tiles, made the output transform several times slower).
   */
  private static long plane(long size) {
    return (size + 15) / 16 * 16 + 32;
  }

  /** Name, value, name, value...: in order, so equal specialisations give equal program text. */
  private static Map<String, String> defines(Object... nameValue) {
    Map<String, String> d = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      d.put((String) nameValue[i], String.valueOf(nameValue[i + 1]));
    }
    return d;
  }

  private static EpilogueWriter.Written noEpilogue(Graph graph, Node head) {
    return EpilogueWriter.write(graph, head.output(0), List.of(), 4, "epilogue");
  }

  /**
   * U = G g G^T for every (output channel, input channel) pair of 3x3 weights g, laid out as
   * conv/winograd_gemm.cl reads them: [element e][channel block][C][ocb], channels past K zero.
   */
  static Tensor packed(float[] w, int k, int c, int mBlocks, int ocb) {
    float[] out = new float[Math.toIntExact(16L * mBlocks * c * ocb)];
    long plane = (long) mBlocks * c * ocb;
    // output channels write disjoint elements: split across cores (ResNet-18's 1M channel pairs took ~90 ms on one)
    IntStream.range(0, k).parallel().forEach(oc -> {
      double[] u = new double[16];
      int mb = oc / ocb;
      int j = oc % ocb;
      for (int ci = 0; ci < c; ci++) {
        transform(w, (oc * c + ci) * 9, u);
        long at = ((long) mb * c + ci) * ocb + j;
        for (int e = 0; e < 16; e++) {
          out[(int) (e * plane + at)] = (float) u[e];
        }
      }
    });
    return Tensor.ofFloats(new int[] {out.length}, out);
  }

  /**
   * u = G g G^T of the 3x3 weights at {@code w[base..base+9)}, G's rows being (1, 0, 0), (1/2, 1/2, 1/2),
   * (1/2, -1/2, 1/2), (0, 0, 1), written out: a small method the JIT compiles early (the nested loops over G
   * took ResNet-18's compile 120-140 ms of its warm start).
   */
  private static void transform(float[] w, int base, double[] u) {
    double[] t = new double[12]; // G g: 4 rows x 3 columns
    for (int b = 0; b < 3; b++) {
      double g0 = w[base + b];
      double g1 = w[base + 3 + b];
      double g2 = w[base + 6 + b];
      t[b] = g0;
      t[3 + b] = 0.5 * (g0 + g1 + g2);
      t[6 + b] = 0.5 * (g0 - g1 + g2);
      t[9 + b] = g2;
    }
    for (int i = 0; i < 4; i++) {
      double a0 = t[i * 3];
      double a1 = t[i * 3 + 1];
      double a2 = t[i * 3 + 2];
      u[i * 4] = a0;
      u[i * 4 + 1] = 0.5 * (a0 + a1 + a2);
      u[i * 4 + 2] = 0.5 * (a0 - a1 + a2);
      u[i * 4 + 3] = a2;
    }
  }

  private static int ceil(int a, int b) {
    return (a + b - 1) / b;
  }
}
