package cnnx.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each op's declared defaults are ONNX's, and its reference computes with exactly them. */
class AttributeDefaultsTest {
  private static final OpRegistry OPS = OpRegistry.standard();

  private static Tensor floats(int[] shape, float... v) {
    return Tensor.ofFloats(DataType.FLOAT, shape, v);
  }

  private static Tensor ramp(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i % 7 - 3) * 0.37f + 0.11f;
    }
    return floats(shape, v);
  }

  /** An op, its inputs and the attributes it requires; its defaulted attributes are left out. */
  record Case(String op, List<Tensor> inputs, List<Attribute> required) {
    @Override
    public String toString() {
      return op;
    }
  }

  static List<Case> cases() {
    Tensor channel = floats(new int[] {2}, 0.5f, 2f);
    return List.of(
        new Case("LeakyRelu", List.of(ramp(2, 3)), List.of()),
        new Case("Elu", List.of(ramp(2, 3)), List.of()),
        new Case("Selu", List.of(ramp(2, 3)), List.of()),
        new Case("HardSigmoid", List.of(ramp(2, 3)), List.of()),
        new Case("BatchNormalization", List.of(ramp(1, 2, 2, 2), channel, channel, channel,
            floats(new int[] {2}, 1e-5f, 1e-4f)), List.of()),
        new Case("InstanceNormalization", List.of(ramp(1, 2, 2, 2), channel, channel), List.of()),
        new Case("LRN", List.of(ramp(1, 3, 2, 2)), List.of(Attribute.ofInt("size", 3))),
        new Case("Gemm", List.of(ramp(2, 3), ramp(3, 2), ramp(2, 2)), List.of()),
        new Case("LpPool", List.of(ramp(1, 1, 4, 4)), List.of(Attribute.ofInts("kernel_shape", 2, 2))));
  }

  private static float[] run(Case c, List<Attribute> attrs) {
    List<String> in = new ArrayList<>();
    for (int i = 0; i < c.inputs().size(); i++) {
      in.add("x" + i);
    }
    Node n = Node.of("n", c.op(), in, List.of("y"), attrs);
    return OPS.find(c.op()).orElseThrow().evaluate(n, c.inputs()).get(0).floats();
  }

  private static Attribute explicit(String name, Number v) {
    return v instanceof Float f ? Attribute.ofFloat(name, f) : Attribute.ofInt(name, v.longValue());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theReferenceComputesWithTheDeclaredDefaults(Case c) {
    Map<String, Number> defaults = OPS.find(c.op()).orElseThrow().attributeDefaults().values();
    assertFalse(defaults.isEmpty(), c.op() + " declares its defaults");
    List<Attribute> spelledOut = new ArrayList<>(c.required());
    defaults.forEach((k, v) -> spelledOut.add(explicit(k, v)));
    assertArrayEquals(run(c, spelledOut), run(c, c.required()));
  }

  @Test
  void defaultsAreOnnxs() {
    assertEquals(Map.of("alpha", 0.01f), defaults("LeakyRelu"));
    assertEquals(Map.of("alpha", 1f), defaults("Elu"));
    assertEquals(Map.of("alpha", 1.67326319217681884765625f, "gamma", 1.05070102214813232421875f), defaults("Selu"));
    assertEquals(Map.of("alpha", 0.2f, "beta", 0.5f), defaults("HardSigmoid"));
    assertEquals(Map.of("epsilon", 1e-5f), defaults("BatchNormalization"));
    assertEquals(Map.of("epsilon", 1e-5f), defaults("InstanceNormalization"));
    assertEquals(Map.of("alpha", 1e-4f, "beta", 0.75f, "bias", 1f), defaults("LRN"));
    assertEquals(Map.of("alpha", 1f, "beta", 1f), defaults("Gemm"));
    assertEquals(Map.of("p", 2L), defaults("LpPool"));
    assertEquals(Map.of(), defaults("Relu"));
  }

  private static Map<String, Number> defaults(String op) {
    return OPS.find(op).orElseThrow().attributeDefaults().values();
  }

  @Test
  void theRegistryReadsANodesAttributeOrItsOpsDefault() {
    Node bare = Node.of("n", "Selu", List.of("x"), List.of("y"), List.of());
    Node set = Node.of("n", "Selu", List.of("x"), List.of("y"), List.of(Attribute.ofFloat("gamma", 2f)));
    assertEquals(1.05070102214813232421875f, OPS.floatAttr(bare, "gamma"));
    assertEquals(2f, OPS.floatAttr(set, "gamma"));
    assertThrows(IllegalStateException.class, () -> OPS.floatAttr(bare, "beta"));
    assertThrows(IllegalStateException.class, () -> OPS.intAttr(bare, "alpha"));
  }
}
