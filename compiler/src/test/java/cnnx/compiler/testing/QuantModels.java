package cnnx.compiler.testing;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.TensorFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random single-op models of the quantized ops (shapes, types, per-tensor and per-axis
 * parameters, saturating values and exact ties), shared by the reference's ONNX Runtime oracle
 * tests and the OpenCL kernel tests.
 */
public final class QuantModels {
  /** A model, its inputs and a description for messages. */
  public record Case(OnnxModelBuilder model, Map<String, Tensor> feeds, String what) {
    public byte[] bytes() {
      return model.toBytes();
    }
  }

  private QuantModels() {}

  private static OnnxModelBuilder model() {
    return new OnnxModelBuilder().opset(21).irVersion(10);
  }

  /** Adds {@code t} as an initializer (any element type, raw data). */
  private static void constant(OnnxModelBuilder b, String name, Tensor t) {
    b.initializer(TensorFiles.encode(name, t));
  }

  private static void input(OnnxModelBuilder b, Map<String, Tensor> feeds, String name, Tensor t) {
    b.typedInput(name, t.dtype().onnxCode(), OnnxModelBuilder.dims(t.shape()));
    feeds.put(name, t);
  }

  private static Tensor scales(SplittableRandom rnd, int n) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = (float) rnd.nextDouble(0.005, 0.2);
    }
    return n == 0 ? Tensor.scalar(s.length == 0 ? 0.05f : s[0]) : Tensor.ofFloats(new int[] {n}, s);
  }

  private static int[] shape(SplittableRandom rnd, int rank) {
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = rnd.nextInt(1, 6);
    }
    return s;
  }

  /** Per tensor and per axis, int8 and uint8; values spread past the range (saturation) and on ties. */
  public static Case quantizeLinear(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = shape(rnd, rank);
    boolean perAxis = seed % 2 == 0;
    int axis = rnd.nextInt(rank);
    DataType t = seed % 4 < 2 ? DataType.INT8 : DataType.UINT8;
    int n = perAxis ? shape[axis] : 1;
    // Power-of-two scales make x / scale exact, so the halves below are true ties.
    float[] s = new float[n];
    long[] z = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = (float) Math.scalb(1.0, -rnd.nextInt(2, 7));
      z[i] = t == DataType.INT8 ? rnd.nextInt(-20, 21) : rnd.nextInt(100, 156);
    }
    Tensor x = RandomTensors.uniform(rnd, -3, 3, shape);
    float[] xv = x.floats();
    for (int i = 0; i < xv.length; i += 3) {
      xv[i] = (float) ((rnd.nextInt(-9, 10) + 0.5) * s[0]);
    }
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    input(b, feeds, "x", x);
    int[] paramShape = perAxis ? new int[] {n} : new int[0];
    constant(b, "s", Tensor.ofFloats(paramShape, perAxis ? s : new float[] {s[0]}));
    constant(b, "z", Tensor.ofLongs(t, paramShape, perAxis ? z : new long[] {z[0]}));
    if (perAxis) {
      b.node("QuantizeLinear", names("x", "s", "z"), names("y"), attr("axis", (long) axis - (seed % 3 == 0 ? rank : 0)));
    } else {
      b.node("QuantizeLinear", names("x", "s", "z"), names("y"));
    }
    b.output("y", t.onnxCode());
    return new Case(b, feeds, "QuantizeLinear " + t + " " + Arrays.toString(shape) + (perAxis ? " axis " + axis : ""));
  }

  /** int8/uint8 per tensor and per axis, and an int32 bias without zero point. */
  public static Case dequantizeLinear(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = rnd.nextInt(1, 5);
    int[] shape = shape(rnd, rank);
    DataType t = seed % 3 == 0 ? DataType.INT32 : seed % 3 == 1 ? DataType.INT8 : DataType.UINT8;
    boolean perAxis = seed % 2 == 0;
    int axis = rnd.nextInt(rank);
    int n = perAxis ? shape[axis] : 1;
    long lo = t == DataType.UINT8 ? 0 : t == DataType.INT8 ? -128 : -100000;
    long hi = t == DataType.UINT8 ? 255 : t == DataType.INT8 ? 127 : 100000;
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    input(b, feeds, "x", RandomTensors.ints(rnd, t, lo, hi, shape));
    int[] paramShape = perAxis ? new int[] {n} : new int[0];
    Tensor s = scales(rnd, n);
    constant(b, "s", s.reshape(paramShape));
    List<String> in = names("x", "s");
    if (t != DataType.INT32) {
      constant(b, "z", RandomTensors.ints(rnd, t, lo / 4, hi / 4, paramShape));
      in.add("z");
    }
    if (perAxis) {
      b.node("DequantizeLinear", in, names("y"), attr("axis", (long) axis));
    } else {
      b.node("DequantizeLinear", in, names("y"));
    }
    b.output("y");
    return new Case(b, feeds, "DequantizeLinear " + t + " " + Arrays.toString(shape));
  }

  public static Case dynamicQuantizeLinear(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = shape(rnd, rnd.nextInt(1, 4));
    float lo = seed == 3 ? 0.5f : -4f; // seed 3: all positive, so the range is widened to 0
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    input(b, feeds, "x", RandomTensors.uniform(rnd, lo, 3, shape));
    b.node("DynamicQuantizeLinear", names("x"), names("y", "ys", "yz"));
    b.output("y", DataType.UINT8.onnxCode()).output("ys").output("yz", DataType.UINT8.onnxCode());
    return new Case(b, feeds, "DynamicQuantizeLinear " + Arrays.toString(shape));
  }

  /**
   * Batched and broadcast shapes; B's zero point shared or per column. (ONNX Runtime has neither
   * per-row zero points for A nor int8 A with uint8 B, which cnnx also computes.)
   */
  public static Case matMulInteger(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = rnd.nextInt(1, 6);
    int k = rnd.nextInt(1, 9);
    int n = rnd.nextInt(1, 6);
    int[] aShape = seed % 3 == 0 ? new int[] {2, m, k} : new int[] {m, k};
    DataType ta = seed % 2 == 0 ? DataType.INT8 : DataType.UINT8;
    DataType tb = ta == DataType.INT8 || seed % 3 == 0 ? DataType.INT8 : DataType.UINT8;
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    input(b, feeds, "a", RandomTensors.ints(rnd, ta, ta == DataType.INT8 ? -128 : 0, ta == DataType.INT8 ? 127 : 255, aShape));
    constant(b, "b", RandomTensors.ints(rnd, tb, tb == DataType.INT8 ? -128 : 0, tb == DataType.INT8 ? 127 : 255, k, n));
    constant(b, "az", RandomTensors.ints(rnd, ta, 0, 10, new int[0]));
    constant(b, "bz", RandomTensors.ints(rnd, tb, 0, 10, seed % 2 == 1 ? new int[] {n} : new int[0]));
    b.node("MatMulInteger", names("a", "b", "az", "bz"), names("y"));
    b.output("y", DataType.INT32.onnxCode());
    return new Case(b, feeds, "MatMulInteger " + Arrays.toString(aShape) + " x [" + k + ", " + n + "]");
  }

  public static Case qLinearMatMul(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = rnd.nextInt(1, 6);
    int k = rnd.nextInt(1, 17);
    int n = rnd.nextInt(1, 6);
    DataType t = seed % 2 == 0 ? DataType.INT8 : DataType.UINT8;
    long lo = t == DataType.INT8 ? -128 : 0;
    long hi = t == DataType.INT8 ? 127 : 255;
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    input(b, feeds, "a", RandomTensors.ints(rnd, t, lo, hi, seed % 3 == 0 ? new int[] {2, m, k} : new int[] {m, k}));
    constant(b, "as", scales(rnd, 0));
    constant(b, "az", RandomTensors.ints(rnd, t, lo / 8 + 5, hi / 8 + 5, new int[0]));
    constant(b, "b", RandomTensors.ints(rnd, t, lo, hi, k, n));
    constant(b, "bs", scales(rnd, 0));
    constant(b, "bz", RandomTensors.ints(rnd, t, lo / 8, hi / 8, new int[0]));
    constant(b, "ys", Tensor.scalar((float) rnd.nextDouble(0.5, 4)));
    constant(b, "yz", RandomTensors.ints(rnd, t, lo / 4, hi / 4, new int[0]));
    b.node("QLinearMatMul", names("a", "as", "az", "b", "bs", "bz", "ys", "yz"), names("y"));
    b.output("y", t.onnxCode());
    return new Case(b, feeds, "QLinearMatMul " + t + " " + m + "x" + k + "x" + n);
  }

  /** Grouped, strided, padded, dilated; w's zero point shared or per output channel. */
  public static Case convInteger(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int group = seed % 3 == 0 ? 2 : 1;
    int c = group * rnd.nextInt(1, 4);
    int mOut = group * rnd.nextInt(1, 4);
    int kh = rnd.nextInt(1, 4);
    int kw = rnd.nextInt(1, 4);
    int[] x = {rnd.nextInt(1, 3), c, rnd.nextInt(kh, 9), rnd.nextInt(kw, 9)};
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    input(b, feeds, "x", RandomTensors.ints(rnd, DataType.UINT8, 0, 255, x));
    constant(b, "w", RandomTensors.ints(rnd, DataType.UINT8, 0, 255, mOut, c / group, kh, kw));
    constant(b, "xz", RandomTensors.ints(rnd, DataType.UINT8, 100, 150, new int[0]));
    constant(b, "wz", RandomTensors.ints(rnd, DataType.UINT8, 100, 150, new int[0]));
    b.node("ConvInteger", names("x", "w", "xz", "wz"), names("y"), attr("group", (long) group),
        attrInts("strides", rnd.nextInt(1, 3), rnd.nextInt(1, 3)),
        attrInts("pads", rnd.nextInt(0, kh), rnd.nextInt(0, kw), rnd.nextInt(0, kh), rnd.nextInt(0, kw)),
        attrInts("dilations", 1, seed % 2 == 0 ? 2 : 1));
    b.rankedOutput("y", 4, DataType.INT32.onnxCode());
    return new Case(b, feeds, "ConvInteger x " + Arrays.toString(x) + " group " + group);
  }

  /** Per-output-channel weight scales and zero points of 0 (symmetric int8 weights), int32 bias. */
  public static Case qLinearConv(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int group = seed % 4 == 0 ? 2 : 1;
    int c = group * rnd.nextInt(1, 5);
    int mOut = group * rnd.nextInt(1, 5);
    int k = rnd.nextInt(1, 4);
    int[] x = {rnd.nextInt(1, 3), c, rnd.nextInt(k, 10), rnd.nextInt(k, 10)};
    DataType tx = seed % 2 == 0 ? DataType.INT8 : DataType.UINT8;
    long lo = tx == DataType.INT8 ? -128 : 0;
    long hi = tx == DataType.INT8 ? 127 : 255;
    boolean perChannel = seed % 3 != 0;
    int ns = perChannel ? mOut : 1;
    int[] ps = perChannel ? new int[] {mOut} : new int[0];
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    input(b, feeds, "x", RandomTensors.ints(rnd, tx, lo, hi, x));
    constant(b, "xs", Tensor.scalar((float) rnd.nextDouble(0.01, 0.05)));
    constant(b, "xz", RandomTensors.ints(rnd, tx, lo / 4 + 10, hi / 4 + 10, new int[0]));
    constant(b, "w", RandomTensors.ints(rnd, DataType.INT8, -127, 127, mOut, c / group, k, k));
    constant(b, "ws", scales(rnd, ns).reshape(ps));
    constant(b, "wz", Tensor.ofLongs(DataType.INT8, ps, new long[ns]));
    constant(b, "ys", Tensor.scalar((float) rnd.nextDouble(0.5, 3)));
    constant(b, "yz", RandomTensors.ints(rnd, tx, lo / 4, hi / 4, new int[0]));
    List<String> in = new ArrayList<>(names("x", "xs", "xz", "w", "ws", "wz", "ys", "yz"));
    if (seed % 2 == 1) {
      constant(b, "bias", RandomTensors.ints(rnd, DataType.INT32, -5000, 5000, mOut));
      in.add("bias");
    }
    b.node("QLinearConv", in, names("y"), attr("group", (long) group), attrInts("pads", 1, 1, 1, 1),
        attrInts("strides", seed % 3 == 0 ? 2 : 1, 1));
    b.rankedOutput("y", 4, tx.onnxCode());
    return new Case(b, feeds, "QLinearConv " + tx + " x " + Arrays.toString(x) + " k " + k + " group " + group);
  }
}
