package cnnx.compiler.testing;

import static cnnx.compiler.ir.Node.names;
import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;

import java.util.Random;

/**
 * A small CNN with seeded weights, for tests that split or place a network: two conv blocks with a pool,
 * a residual Add, global pooling, a fully connected layer and a softmax (which no conv engine runs).
 */
public final class SmallCnn {
  private SmallCnn() {}

  public static byte[] model() {
    Random r = new Random(9);
    return new OnnxModelBuilder()
        .input("x", 1L, 3L, 16L, 16L)
        .initializer("w1", weights(r, 8 * 3 * 9), 8, 3, 3, 3)
        .initializer("b1", weights(r, 8), 8)
        .initializer("w2", weights(r, 8 * 8 * 9), 8, 8, 3, 3)
        .initializer("w3", weights(r, 16 * 8 * 9), 16, 8, 3, 3)
        .initializer("fc", weights(r, 10 * 16), 10, 16)
        .initializer("fcb", weights(r, 10), 10)
        .node("Conv", names("x", "w1", "b1"), names("c1"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("c1"), names("r1"))
        .node("MaxPool", names("r1"), names("p1"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .node("Conv", names("p1", "w2"), names("c2"), attrInts("pads", 1, 1, 1, 1))
        .node("Add", names("c2", "p1"), names("a2"))
        .node("Relu", names("a2"), names("r2"))
        .node("Conv", names("r2", "w3"), names("c3"), attrInts("pads", 1, 1, 1, 1), attrInts("strides", 2, 2))
        .node("Relu", names("c3"), names("r3"))
        .node("GlobalAveragePool", names("r3"), names("g"))
        .node("Flatten", names("g"), names("f"))
        .node("Gemm", names("f", "fc", "fcb"), names("y0"), attr("transB", 1L))
        .node("Softmax", names("y0"), names("y"))
        .output("y")
        .toBytes();
  }

  private static float[] weights(Random r, int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (r.nextGaussian() * 0.3);
    }
    return w;
  }
}
