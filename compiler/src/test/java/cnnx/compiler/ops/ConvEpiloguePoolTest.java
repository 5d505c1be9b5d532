package cnnx.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The conv kernel pools by max or average in registers: exactly those pools may end a conv block. */
class ConvEpiloguePoolTest {
  @Test
  void exactlyMaxAndAveragePoolEndAConvBlock() {
    Set<String> pools = new TreeSet<>();
    OpRegistry.standard().all().forEach((name, op) -> {
      if (op.isConvEpiloguePool()) {
        pools.add(name);
      }
    });
    assertEquals(Set.of("AveragePool", "MaxPool"), pools);
  }

  @Test
  void theRegistryAnswersForKnownOpsOnly() {
    OpRegistry r = OpRegistry.standard();
    assertEquals(true, r.is("MaxPool", OpDef::isConvEpiloguePool));
    assertFalse(r.is("LpPool", OpDef::isConvEpiloguePool));
    assertFalse(r.is("GlobalAveragePool", OpDef::isConvEpiloguePool));
    assertFalse(r.is("no-such-op", OpDef::isConvEpiloguePool));
  }
}
