package cnnx.compiler.ops.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.ir.Shapes;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomShapes;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NonZero and NonMaxSuppression (outputs sized by the data) against ONNX Runtime on seeded random inputs. */
class DataDependentOpsOracleTest {
  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void nonZero(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 1 + rnd.nextInt(4), 6);
    float[] v = new float[Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(3) == 0 ? (float) rnd.nextGaussian() : 0f;
    }
    byte[] model = new OnnxModelBuilder().opset(21).typedInput("x", FLOAT, dims(shape))
        .node("NonZero", names("x"), names("y")).rankedOutput("y", 2, INT64).toBytes();
    OracleRun.compare(model, Map.of("x", Tensor.ofFloats(shape, v)), 0, 0, "NonZero " + Arrays.toString(shape));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void nonMaxSuppression(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int batches = rnd.nextInt(1, 3);
    int classes = rnd.nextInt(1, 4);
    int n = rnd.nextInt(1, 20);
    boolean center = seed % 2 == 0;
    float[] boxes = new float[batches * n * 4];
    for (int i = 0; i < batches * n; i++) {
      float a = (float) rnd.nextDouble(0, 10);
      float b = (float) rnd.nextDouble(0, 10);
      float w = (float) rnd.nextDouble(0.5, 5);
      float h = (float) rnd.nextDouble(0.5, 5);
      float[] box = center ? new float[] {a, b, w, h}
          : rnd.nextBoolean() ? new float[] {b, a, b + h, a + w} : new float[] {b + h, a + w, b, a};
      System.arraycopy(box, 0, boxes, i * 4, 4);
    }
    float[] scores = new float[batches * classes * n];
    for (int i = 0; i < scores.length; i++) {
      // Coarse scores: ties are frequent and must keep the lower index first.
      scores[i] = rnd.nextInt(10) / 10f;
    }
    OnnxModelBuilder b = new OnnxModelBuilder().opset(21).typedInput("boxes", FLOAT, batches, n, 4)
        .typedInput("scores", FLOAT, batches, classes, n)
        .initializerLongs("max", new long[] {rnd.nextInt(0, 6)}, 1)
        .initializer("iou", new float[] {(float) rnd.nextDouble(0, 0.8)}, 1);
    if (seed % 3 != 0) {
      b.initializer("score", new float[] {(float) rnd.nextDouble(0, 0.5)}, 1);
    }
    b.node("NonMaxSuppression", seed % 3 != 0 ? names("boxes", "scores", "max", "iou", "score")
        : names("boxes", "scores", "max", "iou"), names("selected"), attr("center_point_box", center ? 1L : 0L));
    b.rankedOutput("selected", 2, INT64);
    OracleRun.compare(b.toBytes(), Map.of("boxes", Tensor.ofFloats(new int[] {batches, n, 4}, boxes),
        "scores", Tensor.ofFloats(new int[] {batches, classes, n}, scores)), 0, 0,
        "NonMaxSuppression " + batches + "x" + classes + "x" + n + (center ? " center" : ""));
  }
}
