package cnnx.compiler.codegen;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.kernels.plan.Plan;
import cnnx.kernels.plan.PlanPrinter;
import cnnx.kernels.plan.PlanTraffic;
import org.junit.jupiter.api.Test;

/**
 * The traffic estimate of compiled plans against byte counts worked out from the model: fusion saves exactly
 * the intermediates' round trips and BatchNorm's parameters.
 */
class PlanTrafficCompiledTest {
  @Test
  void convBatchNormRelu() {
    byte[] model = new OnnxModelBuilder().opset(21).irVersion(10)
        .input("x", 1, 3, 8, 8)
        .initializer("w", ramp(16 * 3 * 9), 16, 3, 3, 3)
        .initializer("b", ramp(16), 16)
        .initializer("scale", ramp(16), 16)
        .initializer("shift", ramp(16), 16)
        .initializer("mean", ramp(16), 16)
        .initializer("var", ramp(16), 16)
        .node("Conv", names("x", "w", "b"), names("c"), attrInts("pads", 1, 1, 1, 1))
        .node("BatchNormalization", names("c", "scale", "shift", "mean", "var"), names("n"))
        .node("Relu", names("n"), names("y"))
        .output("y")
        .toBytes();
    Plan fused = compile(model, true);
    Plan unfused = compile(model, false);
    // fused: one launch reads x (3·8·8), the packed weights with BN folded in (16·3·3·3) and bias (16), writes y
    long x = 3 * 64;
    long y = 16 * 64;
    long weights = 16 * 27 + 16;
    PlanTraffic f = PlanTraffic.of(fused);
    assertEquals(1, f.launches(), PlanPrinter.print(fused));
    assertEquals(4 * (x + weights), f.readBytes(), PlanPrinter.print(fused));
    assertEquals(4 * weights, f.constantReadBytes());
    assertEquals(4 * y, f.writtenBytes());
    // unfused: the same conv, then BN reads its output and four parameter vectors, Relu reads BN's output
    PlanTraffic u = PlanTraffic.of(unfused);
    assertEquals(3, u.launches(), PlanPrinter.print(unfused));
    assertEquals(4 * (x + weights + y + 4 * 16 + y), u.readBytes(), PlanPrinter.print(unfused));
    assertEquals(4 * (weights + 4 * 16), u.constantReadBytes());
    assertEquals(4 * 3 * y, u.writtenBytes());
    assertEquals(f.bytes() + 4 * (2 * 2 * y + 4 * 16), u.bytes());
  }

  /**
   * Two conv branches into one Concat: fused, each conv writes its channel slice in place and the Concat output
   * counts once; unfused, each branch's conv and Relu outputs make a round trip and the Concat copies them.
   */
  @Test
  void branchesConcatenatedInPlace() {
    byte[] model = new OnnxModelBuilder().opset(21).irVersion(10)
        .input("x", 1, 3, 8, 8)
        .initializer("wa", ramp(16 * 3), 16, 3, 1, 1)
        .initializer("ba", ramp(16), 16)
        .initializer("wb", ramp(16 * 3 * 9), 16, 3, 3, 3)
        .initializer("bb", ramp(16), 16)
        .node("Conv", names("x", "wa", "ba"), names("ca"))
        .node("Relu", names("ca"), names("ra"))
        .node("Conv", names("x", "wb", "bb"), names("cb"), attrInts("pads", 1, 1, 1, 1))
        .node("Relu", names("cb"), names("rb"))
        .node("Concat", names("ra", "rb"), names("y"), attr("axis", 1L))
        .output("y")
        .toBytes();
    Plan fused = compile(model, true);
    Plan unfused = compile(model, false);
    long x = 3 * 64;
    long branch = 16 * 64;
    long weights = 16 * 3 + 16 + 16 * 27 + 16;
    PlanTraffic f = PlanTraffic.of(fused);
    assertEquals(2, f.launches(), PlanPrinter.print(fused));
    assertEquals(4 * (2 * x + weights), f.readBytes(), PlanPrinter.print(fused));
    assertEquals(4 * 2 * branch, f.writtenBytes(), PlanPrinter.print(fused));
    PlanTraffic u = PlanTraffic.of(unfused);
    assertEquals(5, u.launches(), PlanPrinter.print(unfused));
    assertEquals(4 * (2 * x + weights + 2 * branch + 2 * branch), u.readBytes(), PlanPrinter.print(unfused));
    assertEquals(4 * (2 * branch + 2 * branch + 2 * branch), u.writtenBytes(), PlanPrinter.print(unfused));
  }

  private static Plan compile(byte[] model, boolean fuse) {
    return new Compiler().compile(new OnnxImporter().load(model, "m"), Compiler.GENERIC_CPU,
        Compiler.Options.defaults().withFuse(fuse)).plan();
  }

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.5f + (i % 7) * 0.125f;
    }
    return v;
  }
}
