package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pad in every mode with asymmetric, negative (cropping) and mixed pads, against ONNX Runtime. */
class PadTest {
  @ParameterizedTest
  @CsvSource({
    "constant, 1", "constant, 2", "constant, 3", "constant, 4", "constant, 5",
    "reflect, 1", "reflect, 2", "reflect, 3", "reflect, 4", "reflect, 5",
    "edge, 1", "edge, 2", "edge, 3", "edge, 4", "edge, 5",
    "wrap, 1", "wrap, 2", "wrap, 3", "wrap, 4", "wrap, 5",
  })
  void pad(String mode, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 31 + mode.hashCode());
    int rank = rnd.nextInt(1, 5);
    int[] shape = RandomShapes.between(rnd, rank, 1, 6);
    // pad a subset of axes through the axes input on even seeds
    boolean useAxes = seed % 2 == 0;
    int[] axes = new int[rank];
    int n = 0;
    for (int k = 0; k < rank; k++) {
      if (!useAxes || rnd.nextInt(3) > 0 || (n == 0 && k == rank - 1)) {
        axes[n++] = k;
      }
    }
    long[] pads = new long[2 * n];
    for (int i = 0; i < n; i++) {
      int dim = shape[axes[i]];
      // crop at most dim - 1 in total, so reflect/edge/wrap still have data; pad within what is kept
      long cropB = rnd.nextInt(3) == 0 ? rnd.nextInt(0, dim) : 0;
      long cropE = rnd.nextInt(3) == 0 ? rnd.nextInt(0, (int) (dim - cropB)) : 0;
      long kept = dim - cropB - cropE;
      long maxPad = mode.equals("constant") ? 4 : mode.equals("reflect") ? kept - 1 : kept;
      pads[i] = cropB > 0 ? -cropB : rnd.nextLong(0, maxPad + 1);
      pads[n + i] = cropE > 0 ? -cropE : rnd.nextLong(0, maxPad + 1);
    }
    boolean ints = seed == 5;
    int elem = ints ? TensorProto.DataType.INT64_VALUE : TensorProto.DataType.FLOAT_VALUE;
    Tensor x = ints ? RandomTensors.ints(rnd, DataType.INT64, -50, 50, shape) : RandomTensors.normal(rnd, shape);
    OnnxModelBuilder b = LayoutOpsTest.model().typedInput("x", elem, dims(shape))
        .initializerLongs("pads", pads, pads.length);
    String value = "";
    if (mode.equals("constant") && seed % 3 != 0) {
      value = "value";
      if (ints) {
        b.initializerLongs(value, new long[] {rnd.nextLong(-9, 10)});
      } else {
        b.initializer(value, new float[] {(float) rnd.nextDouble(-3, 3)});
      }
    }
    if (useAxes) {
      long[] a = new long[n];
      for (int i = 0; i < n; i++) {
        a[i] = rnd.nextBoolean() ? axes[i] : axes[i] - rank;
      }
      b.initializerLongs("axes", a, n);
      b.node("Pad", names("x", "pads", value, "axes"), names("y"), attr("mode", mode));
    } else if (!value.isEmpty()) {
      b.node("Pad", names("x", "pads", value), names("y"), attr("mode", mode));
    } else {
      b.node("Pad", names("x", "pads"), names("y"), attr("mode", mode));
    }
    b.untypedOutputs("y");
    Harness.check(b.toBytes(), Harness.inputs("x", x), "pad " + mode + " seed " + seed + " shape "
        + java.util.Arrays.toString(shape) + " pads " + java.util.Arrays.toString(pads));
  }
}
