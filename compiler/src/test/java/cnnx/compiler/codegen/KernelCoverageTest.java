package cnnx.compiler.codegen;

import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.ops.fused.FusedOp;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No op may run on the JVM for want of a kernel: every op the reference knows has one, except the
 * ops refused on purpose because their output shape (or, for a Dropout with a run-time
 * training_mode, what they compute) depends on data, each with its reason.
 */
class KernelCoverageTest {
  @Test
  void everyReferenceOpHasAnOpenClKernelOrAStatedRefusal() {
    KernelLibrary lib = KernelLibrary.standard();
    List<String> missing = OpRegistry.standard().all().keySet().stream()
        .filter(op -> !op.equals(FusedOp.OP_TYPE))
        .filter(op -> !lib.supports(op) && lib.refusal(op).isEmpty())
        .toList();
    assertEquals(List.of(), missing);
    assertEquals(List.of("Dropout", "If", "Loop", "NonMaxSuppression", "NonZero"), lib.refusals().keySet().stream().sorted().toList());
    lib.refusals().forEach((op, why) -> assertTrue(why.contains("depends on tensor data"), op + ": " + why));
  }

  // Intent (negative): a model with a refused op is unsupported, and the error names the op and why.
  @Test
  void aRefusedOpMakesTheModelUnsupportedWithItsReason() {
    byte[] model = new OnnxModelBuilder().opset(21).input("x", 2, 3)
        .node("NonZero", names("x"), names("y")).output("y", 7).toBytes();
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> new Compiler().compile(
        new OnnxImporter().load(model, "nonzero.onnx"), Compiler.Options.defaults().withInputShapes(
            Map.of("x", new int[] {2, 3}))));
    assertTrue(e.getMessage().contains("NonZero") && e.getMessage().contains("depends on tensor data"),
        e.getMessage());
  }
}
