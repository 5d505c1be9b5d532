package cnnx.host.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.codegen.KernelLibrary;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.elementwise.ElementwiseOps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every element-wise op has an element emitter (Identity only reinterprets its buffer). */
class ElementwiseCoverageTest {
  @Test
  void everyElementwiseOpHasAnEmitter() {
    OpRegistry.Builder b = new OpRegistry.Builder();
    ElementwiseOps.register(b);
    List<String> missing = new ArrayList<>();
    for (String op : b.build().all().keySet()) {
      boolean ok = op.equals("Identity") ? KernelLibrary.standard().isAlias(op)
          : KernelLibrary.standard().emitter(op).isPresent();
      if (!ok) {
        missing.add(op);
      }
    }
    assertEquals(List.of(), missing);
    assertTrue(b.build().all().size() > 40);
  }
}
