package cnnx.host.device.aparapi;

import static cnnx.compiler.ir.Node.names;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.api.Cnnx;
import cnnx.api.Comparison;
import cnnx.api.CompileOptions;
import cnnx.api.Model;
import cnnx.api.Provenance;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Kernel families on the Aparapi device against the reference interpreter, on models built here (so they run
 * without ../shared): the conv block's epilogue, both conv kernels, multi-source copies, fills, broadcasting
 * matrix products, softmax. Each also checks which launches ran, and that each ran as OpenCL. Where Aparapi
 * finds no OpenCL device they run on {@code aparapi-jtp}, the same kernels on its thread pool, so the lowering is
 * still checked.
 */
class AparapiKernelsTest {
  private static final boolean OPENCL = !AparapiRuntime.discover().devices().isEmpty();
  private final Random random = new Random(7);

  private float[] values(int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = random.nextFloat() * 2 - 1;
    }
    return f;
  }

  /** Runs on aparapi and on the reference; asserts they agree and every launch ran as OpenCL; returns aparapi's. */
  private Result check(OnnxModelBuilder b, Map<String, Tensor> feeds) {
    Model m = Cnnx.load(b.build().toByteArray(), "test");
    Result expected;
    Result actual;
    try (Session ref = m.compile(CompileOptions.forDevice("reference").withInputsLike(feeds)).newSession();
        Session ap = m.compile(CompileOptions.forDevice(OPENCL ? "aparapi" : "aparapi-jtp").withInputsLike(feeds))
            .newSession()) {
      expected = ref.run(feeds);
      actual = ap.run(feeds);
    }
    for (int i = 0; i < expected.outputs().size(); i++) {
      Comparison c = Comparison.of(expected.output(i), actual.output(i), 1e-4, 1e-5);
      assertTrue(c.passed(), "output " + i + ": " + c);
    }
    for (Provenance.Launch l : actual.provenance().launches()) {
      assertTrue(l.ranOn().startsWith(OPENCL ? "OpenCL on " : "JVM"), l.kernel() + " ran on " + l.ranOn());
    }
    return actual;
  }

  private static List<String> kernels(Result r) {
    return r.provenance().launches().stream().map(Provenance.Launch::kernel).toList();
  }

  @Test
  void convWithBiasResidualAndReluIsOneLaunch() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 3L, 9L, 7L).input("skip", 1L, 8L, 9L, 7L)
        .initializer("w", values(8 * 3 * 9), 8L, 3L, 3L, 3L).initializer("bias", values(8), 8L)
        .node("Conv", names("x", "w", "bias"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("Add", names("c", "skip"), names("s"))
        .node("Relu", names("s"), names("y")).output("y");
    Result r = check(b, Map.of("x", Tensor.ofFloats(new int[] {1, 3, 9, 7}, values(189)),
        "skip", Tensor.ofFloats(new int[] {1, 8, 9, 7}, values(504))));
    assertEquals(List.of("ConvBlockKernel"), kernels(r));
    assertEquals(3, r.provenance().launches().get(0).onnxNodes().size());
  }

  @Test
  void aPoolThatTilesTheConvOutputRunsInsideTheConvKernel() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 2L, 3L, 8L, 11L)
        .initializer("w", values(5 * 3 * 9), 5L, 3L, 3L, 3L).initializer("bias", values(5), 5L)
        .node("Conv", names("x", "w", "bias"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c"), names("r"))
        .node("MaxPool", names("r"), names("y"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .output("y");
    Result r = check(b, Map.of("x", Tensor.ofFloats(new int[] {2, 3, 8, 11}, values(528))));
    assertEquals(List.of("ConvPoolKernel"), kernels(r));
    assertEquals(3, r.provenance().launches().get(0).onnxNodes().size());
  }

  @Test
  void anOverlappingPoolIsALaunchOfItsOwn() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 3L, 9L, 9L)
        .initializer("w", values(4 * 3 * 9), 4L, 3L, 3L, 3L)
        .node("Conv", names("x", "w"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("AveragePool", names("c"), names("y"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2))
        .output("y");
    Result r = check(b, Map.of("x", Tensor.ofFloats(new int[] {1, 3, 9, 9}, values(243))));
    assertEquals(List.of("ConvBlockKernel", "PoolKernel"), kernels(r));
  }

  @Test
  void depthwiseStridedConvWithClipUsesTheSingleChannelKernel() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 2L, 6L, 11L, 10L)
        .initializer("w", values(6 * 9), 6L, 1L, 3L, 3L)
        .initializer("lo", new float[] {0}).initializer("hi", new float[] {0.5f})
        .node("Conv", names("x", "w"), names("c"), attr("group", 6), attrInts("strides", 2, 2),
            attrInts("pads", 1, 0, 1, 0), attrInts("dilations", 1, 2))
        .node("Clip", names("c", "lo", "hi"), names("y")).output("y");
    Result r = check(b, Map.of("x", Tensor.ofFloats(new int[] {2, 6, 11, 10}, values(1320))));
    assertEquals(List.of("ConvKernel"), kernels(r));
  }

  @Test
  void concatAndConstantPadCopyFromEachSource() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("a", 2L, 3L, 4L).input("b", 2L, 2L, 4L)
        .initializerLongs("pads", new long[] {0, 1, 0, 0, 0, 2}, 6L).initializer("v", new float[] {2.5f})
        .node("Concat", names("a", "b"), names("c"), attr("axis", 1))
        .node("Pad", names("c", "pads", "v"), names("y")).output("y");
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    feeds.put("a", Tensor.ofFloats(new int[] {2, 3, 4}, values(24)));
    feeds.put("b", Tensor.ofFloats(new int[] {2, 2, 4}, values(16)));
    Result r = check(b, feeds);
    assertEquals(List.of("CopyKernel", "CopyKernel", "CopyKernel", "CopyKernel"), kernels(r),
        "two sources for Concat; Pad's fill and its one source");
  }

  @Test
  void broadcastMatMulTransposeAndSoftmax() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("a", 2L, 3L, 4L)
        .initializer("m", values(20), 4L, 5L)
        .node("MatMul", names("a", "m"), names("p"))
        .node("Transpose", names("p"), names("t"), attrInts("perm", 0, 2, 1))
        .node("Softmax", names("t"), names("y"), attr("axis", 1)).output("y");
    Result r = check(b, Map.of("a", Tensor.ofFloats(new int[] {2, 3, 4}, values(24))));
    assertEquals(List.of("MatrixKernel", "CopyKernel", "SoftmaxKernel"), kernels(r));
  }

  @Test
  void gemmWithTransposedBAndRowBias() {
    OnnxModelBuilder b = new OnnxModelBuilder().input("a", 3L, 5L)
        .initializer("w", values(20), 4L, 5L).initializer("c", values(4), 4L)
        .node("Gemm", names("a", "w", "c"), names("y"), attr("transB", 1), attr("alpha", 0.5f), attr("beta", 2f))
        .output("y");
    check(b, Map.of("a", Tensor.ofFloats(new int[] {3, 5}, values(15))));
  }
}
