package cnnx.host.testing;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;

import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.RandomTensors;
import java.util.SplittableRandom;

/** Small seeded models shared by host tests. */
public final class TestModels {
  private TestModels() {}

  /** Two conv blocks (conv + BN + ReLU, the first with a 2x2 max pool), then global average pool. */
  public static byte[] twoBlocks() {
    SplittableRandom r = new SplittableRandom(3);
    OnnxModelBuilder b = new OnnxModelBuilder().input("x", 1L, 3L, 12L, 12L);
    b.initializer("w1", RandomTensors.normal(r, 6, 3, 3, 3).floats(), 6, 3, 3, 3);
    b.initializer("w2", RandomTensors.normal(r, 6, 6, 3, 3).floats(), 6, 6, 3, 3);
    for (String k : new String[] {"1", "2"}) {
      b.initializer("s" + k, RandomTensors.uniform(r, 0.5f, 1.5f, 6).floats(), 6);
      b.initializer("b" + k, RandomTensors.uniform(r, -0.2f, 0.2f, 6).floats(), 6);
      b.initializer("m" + k, RandomTensors.uniform(r, -0.1f, 0.1f, 6).floats(), 6);
      b.initializer("v" + k, RandomTensors.uniform(r, 0.5f, 2f, 6).floats(), 6);
    }
    return b
        .node("Conv", names("x", "w1"), names("c1"), attrInts("pads", 1, 1, 1, 1))
        .node("BatchNormalization", names("c1", "s1", "b1", "m1", "v1"), names("n1"))
        .node("Relu", names("n1"), names("r1"))
        .node("MaxPool", names("r1"), names("p1"), attrInts("kernel_shape", 2, 2), attrInts("strides", 2, 2))
        .node("Conv", names("p1", "w2"), names("c2"), attrInts("pads", 1, 1, 1, 1))
        .node("BatchNormalization", names("c2", "s2", "b2", "m2", "v2"), names("n2"), attr("epsilon", 1e-3f))
        .node("Relu", names("n2"), names("r2"))
        .node("GlobalAveragePool", names("r2"), names("y"))
        .output("y")
        .toBytes();
  }

}
