package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.ChainStep;
import cnnx.compiler.codegen.ConcatPlacement;
import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.LoweringContext;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.KernelArg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A depthwise conv block followed by the 1x1 conv that alone reads it (MobileNet's projection, ShuffleNet-V2's
 * branch) as one launch of conv/separable.cl: the depthwise outputs stay in registers instead of crossing memory
 * between two launches. Taken where the depthwise conv has stride 1 and the 1x1 conv at most {@link #MAX_OUT}
 * output channels; the depthwise block may have one step of its own, a Relu or a Clip with constant bounds,
 * applied to whole vectors.
 */
public final class SeparableConv {
  private SeparableConv() {}

  /** The JVM's system property that keeps such blocks two launches ({@code off}; anything else, or unset: on). */
  public static final String PROPERTY = "cnnx.separable";

  /**
   * The most 1x1 output channels: one block of accumulators, so each depthwise output is computed once. With two
   * blocks (MobileNet-V2's 32-channel projections) the depthwise sums computed twice made the launch slower at
   * batch 8 than the two it replaced (1.1 against 0.7 ms), as did a stride-2 depthwise conv (3.7 against 3.1 ms),
   * whose rows the standalone kernel shares between output rows; at batch 1 the fused launches were faster.
   */
  static final int MAX_OUT = 24;

  /**
   * Whether {@code pw} can join the fused depthwise block {@code dw} + {@code dwSteps} (whose last value it reads):
   * both 2-D float convs with constant weights, the first depthwise with stride 1, the second 1x1 with stride 1, no
   * padding, one group and at most {@link #MAX_OUT} output channels.
   */
  public static boolean canJoin(Graph graph, Node dw, List<Node> dwSteps, Node pw) {
    if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, "on").trim())) {
      return false;
    }
    if (!dw.opType().equals("Conv") || !pw.opType().equals("Conv") || dwSteps.size() > 1
        || dwSteps.stream().anyMatch(s -> activation(graph, s).isEmpty())) {
      return false;
    }
    int[] x = shapeOrNull(graph, dw.input(0));
    int[] wd = constantShape(graph, dw.input(1));
    int[] wp = constantShape(graph, pw.input(1));
    if (x == null || x.length != 4 || wd == null || wd.length != 4 || wp == null || wp.length != 4
        || !floatValue(graph, dw.input(0)) || dw.hasInput(2) && !graph.isConstant(dw.input(2))
        || pw.hasInput(2) && !graph.isConstant(pw.input(2))) {
      return false;
    }
    int c = x[1];
    boolean depthwise = wd[0] == c && wd[1] == 1 && dw.intAttr("group", 1) == c && allOnes(dw.intsAttr("strides"));
    boolean pointwise = wp[1] == c && wp[2] == 1 && wp[3] == 1 && pw.intAttr("group", 1) == 1 && wp[0] <= MAX_OUT
        && allOnes(pw.intsAttr("strides")) && allOnes(pw.intsAttr("dilations")) && allZero(pw.intsAttr("pads"))
        && pw.stringAttr("auto_pad", "NOTSET").equals("NOTSET");
    return depthwise && pointwise;
  }

  /** The depthwise step's vector form: "1" (Relu) or "2 lo loCmp hi hiCmp" (Clip with constant bounds). */
  static Optional<String[]> activation(Graph graph, Node step) {
    if (step.opType().equals("Relu")) {
      return Optional.of(new String[] {"1"});
    }
    if (!step.opType().equals("Clip")) {
      return Optional.empty();
    }
    float lo = Float.NEGATIVE_INFINITY;
    float hi = Float.POSITIVE_INFINITY;
    for (int i = 1; i <= 2; i++) {
      if (!step.hasInput(i)) {
        continue;
      }
      Tensor t = graph.initializers().get(step.input(i));
      if (t == null || !t.isFloating() || t.size() != 1 || Float.isNaN(t.floats()[0])) {
        return Optional.empty();
      }
      if (i == 1) {
        lo = t.floats()[0];
      } else {
        hi = t.floats()[0];
      }
    }
    // as ClipKernel's constant bounds: a strict compare against -0 (lower) and +0 (upper), so ±0 come out as Java's
    String loCmp = Float.floatToRawIntBits(lo) == Float.floatToRawIntBits(-0f) ? "<" : "<=";
    String hiCmp = Float.floatToRawIntBits(hi) == 0 ? ">" : ">=";
    return Optional.of(new String[] {"2", literal(lo), loCmp, literal(hi), hiCmp});
  }

  private static String literal(float v) {
    return Float.isInfinite(v) ? (v > 0 ? "INFINITY" : "(-INFINITY)") : "(" + Float.toHexString(v) + "f)";
  }

  /**
   * Lowers the fused body: {@code dw}, its steps, {@code pw}, the 1x1's epilogue steps, into one launch writing
   * {@code outputValue}.
   */
  public static void lower(Node dw, List<ChainStep> dwSteps, Node pw, List<ChainStep> epilogue, String outputValue,
      LoweringContext ctx) {
    Graph graph = ctx.graph();
    int[] xs = ConvGeometry.shape(graph, dw.input(0));
    int n = xs[0];
    int c = xs[1];
    int m = ConvGeometry.shape(graph, pw.input(1))[0];
    int[] wd = ConvGeometry.shape(graph, dw.input(1));
    ConvGeometry geo = ConvGeometry.forward(dw, graph, Arrays.copyOfRange(wd, 2, wd.length));
    int[] in = geo.in();
    int[] out = geo.out();
    int vw = DepthwiseConv.vectorWidth(ctx.target(), out[2]);
    int ob = m;
    int mBlocks = ConvBlocking.ceil(m, ob);
    EpilogueWriter.Written epi = EpilogueWriter.write(graph, pw.output(0), epilogue, 4, "epilogue");
    Map<String, String> defines = ConvBlocking.alongX(vw);
    defines.putAll(ConvBlocking.rowWindow(geo));
    defines.put("OB", String.valueOf(ob));
    defines.put("DW_BIAS", KernelText.flag(dw.hasInput(2)));
    defines.put("HAS_BIAS", KernelText.flag(pw.hasInput(2)));
    String[] act = {"0"};
    for (ChainStep s : dwSteps) {
      act = activation(graph, s.node()).orElseThrow();
      if (dwSteps.size() > 1) {
        throw new IllegalStateException("a separable block takes one depthwise activation, not " + dwSteps.size());
      }
    }
    defines.put("DW_ACT", act[0]);
    if (act.length > 1) {
      defines.put("DW_LO", act[1]);
      defines.put("DW_LO_CMP", act[2]);
      defines.put("DW_HI", act[3]);
      defines.put("DW_HI_CMP", act[4]);
    }
    KernelText.Built built = KernelText.build("sepconv", defines, epi, ConvBlocking.epiMacro(epi, 4),
        List.of("conv/common.cl", "conv/rows.cl", "conv/lanes.cl", "conv/separable.cl"));

    var slice = ConcatPlacement.of(graph, outputValue);
    int y = ctx.buffer(slice.map(ConcatPlacement.Slice::concatValue).orElse(outputValue));
    List<KernelArg> args = new ArrayList<>();
    args.add(new KernelArg.Buffer(ctx.buffer(dw.input(0))));
    args.add(new KernelArg.Buffer(ctx.buffer(dw.input(1))));
    if (dw.hasInput(2)) {
      args.add(new KernelArg.Buffer(ctx.buffer(dw.input(2))));
    }
    args.add(new KernelArg.Buffer(ctx.buffer(pw.input(1))));
    if (pw.hasInput(2)) {
      args.add(new KernelArg.Buffer(ctx.buffer(pw.input(2))));
    }
    args.add(new KernelArg.Buffer(y));
    for (int v : new int[] {c, m, mBlocks, in[1], in[2], out[1], out[2], geo.pads()[1], geo.pads()[2],
        slice.map(ConcatPlacement.Slice::totalChannels).orElse(m),
        slice.map(ConcatPlacement.Slice::channelOffset).orElse(0)}) {
      args.add(new KernelArg.Int(v));
    }
    epi.extraValues().forEach(v -> args.add(new KernelArg.Buffer(ctx.buffer(v))));
    List<String> nodes = new ArrayList<>(dw.sourceNodes());
    dwSteps.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    nodes.addAll(pw.sourceNodes());
    epilogue.forEach(s -> nodes.addAll(s.node().sourceNodes()));
    long[] global = {ConvBlocking.ceil(out[2], vw), out[1], (long) n * mBlocks};
    String note = "separable conv: depthwise " + ConvLowering.window(geo)
        + (dwSteps.isEmpty() ? "" : " + " + ConvLowering.stepNames(dwSteps)) + " and 1x1 to " + m
        + " channels in one kernel, float" + vw + " along x x " + ob + " channels per work-item"
        + (epilogue.isEmpty() ? "" : "; epilogue " + ConvLowering.stepNames(epilogue))
        + slice.map(sl -> sl.note(m)).orElse("");
    ctx.launch(built.kernelName(), ctx.program(built.source()), args, global, ConvBlocking.local(), nodes,
        List.of(y), note);
  }

  private static int[] shapeOrNull(Graph graph, String value) {
    return graph.typeOf(value).filter(t -> t.isStatic()).map(t -> t.shape()).orElse(null);
  }

  private static int[] constantShape(Graph graph, String value) {
    Tensor t = graph.initializers().get(value);
    return t == null || !t.isFloating() ? null : t.shape();
  }

  private static boolean floatValue(Graph graph, String value) {
    return graph.typeOf(value).map(t -> t.dtype() == cnnx.compiler.ir.DataType.FLOAT).orElse(false);
  }

  private static boolean allOnes(long[] v) {
    return v == null || Arrays.stream(v).allMatch(a -> a == 1);
  }

  private static boolean allZero(long[] v) {
    return v == null || Arrays.stream(v).allMatch(a -> a == 0);
  }
}
