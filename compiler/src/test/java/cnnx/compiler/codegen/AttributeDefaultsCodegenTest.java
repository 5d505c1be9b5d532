package cnnx.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Attribute;
import cnnx.compiler.ir.DataType;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.TensorType;
import cnnx.compiler.ir.ValueInfo;
import cnnx.compiler.ops.OpRegistry;
import cnnx.kernels.plan.KernelSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kernels read an op's attribute defaults from its definition, as the reference does. */
class AttributeDefaultsCodegenTest {
  private static List<String> sources(String op, List<Attribute> attrs) {
    TensorType t = TensorType.of(DataType.FLOAT, 1, 3, 2, 2);
    Node n = Node.of("n", op, List.of("x"), List.of("y"), attrs);
    Graph g = new Graph("g", 18, List.of(new ValueInfo("x", t)), List.of(new ValueInfo("y", t)), Map.of(),
        List.of(n), Map.of());
    return new Compiler().compile(g, Compiler.Options.defaults()).plan().programs().stream()
        .map(KernelSource::source).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"LeakyRelu", "Elu", "Selu", "HardSigmoid", "LRN"})
  void aBareNodeCompilesAsOneWithItsDefaultsSpelledOut(String op) {
    List<Attribute> required = op.equals("LRN") ? List.of(Attribute.ofInt("size", 3)) : List.of();
    List<Attribute> spelledOut = new ArrayList<>(required);
    List<Attribute> changed = new ArrayList<>(required);
    OpRegistry.standard().find(op).orElseThrow().attributeDefaults().values().forEach((k, v) -> {
      spelledOut.add(Attribute.ofFloat(k, v.floatValue()));
      changed.add(Attribute.ofFloat(k, v.floatValue() * 1.5f));
    });
    assertEquals(sources(op, spelledOut), sources(op, required));
    assertNotEquals(sources(op, changed), sources(op, required), "the kernel does not depend on the attributes");
  }
}
