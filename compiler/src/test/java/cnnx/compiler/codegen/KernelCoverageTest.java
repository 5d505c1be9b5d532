package cnnx.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.fused.FusedOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No op may run on the JVM for want of a kernel: every op the reference knows has one. */
class KernelCoverageTest {
  @Test
  void everyReferenceOpHasAnOpenClKernel() {
    List<String> missing = OpRegistry.standard().all().keySet().stream()
        .filter(op -> !op.equals(FusedOp.OP_TYPE))
        .filter(op -> !KernelLibrary.standard().supports(op))
        .toList();
    assertEquals(List.of(), missing);
  }
}
