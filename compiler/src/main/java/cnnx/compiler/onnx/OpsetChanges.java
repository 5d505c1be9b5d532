package cnnx.compiler.onnx;

import cnnx.compiler.ir.Node;
import java.util.List;

/**
 * What changed, after opset 21, in the ops cnnx has, up to {@link OnnxImporter#MAX_OPSET} (ONNX
 * 1.23's opset 28), and how cnnx handles it. The versions and changes are those of
 * onnx/docs/Changelog.md (and the onnx 1.23 package's schemas it is generated from). Ops not
 * listed did not change after opset 21. An attribute a version introduced is refused in models of
 * an older opset, as ONNX's checker would.
 */
final class OpsetChanges {
  /**
   * @param op the op type
   * @param version the opset whose schema changed
   * @param change what the Changelog says changed
   * @param handling what cnnx does about it
   * @param newAttribute the attribute the version introduced, or null
   */
  record Change(String op, int version, String change, String handling, String newAttribute) {}

  private static final String BF16_22 = "opset 22: bfloat16 added to T (Changelog, '22' section)";
  private static final String HALF = "bfloat16 held in float32, rounded on storage";
  private static final String NEW_STORAGE_23_25 = "opsets 23/24/25: float4e2m1, float8e8m0, int2/uint2 added "
      + "(Changelog '23', '24', '25'); semantics unchanged";
  private static final String NOT_HELD = "held like the other sub-32-bit types (floats in float32 rounded to the "
      + "format, integers in int64); float6 types are refused as unsupported (typed error)";

  static final List<Change> CHANGES = List.of(
      // Opset 22 (ONNX 1.17): bfloat16 joins float16/float/double for the float-only ops.
      new Change("AveragePool", 22, BF16_22, HALF, null),
      new Change("Conv", 22, BF16_22, HALF, null),
      new Change("ConvTranspose", 22, BF16_22, HALF, null),
      new Change("Elu", 22, BF16_22, HALF, null),
      new Change("GlobalAveragePool", 22, BF16_22, HALF, null),
      new Change("GlobalMaxPool", 22, BF16_22, HALF, null),
      new Change("HardSigmoid", 22, BF16_22, HALF, null),
      new Change("HardSwish", 22, BF16_22, HALF, null),
      new Change("InstanceNormalization", 22, BF16_22, HALF, null),
      new Change("LpPool", 22, BF16_22, HALF, null),
      new Change("MaxPool", 22, BF16_22, HALF, null),
      new Change("MaxUnpool", 22, "opset 22: bfloat16 added to T1", HALF, null),
      new Change("Selu", 22, BF16_22, HALF, null),
      new Change("Softplus", 22, BF16_22, HALF, null),
      new Change("Softsign", 22, BF16_22, HALF, null),
      // Opsets 23-25 (ONNX 1.18-1.19): new storage types for the data-movement ops.
      new Change("Cast", 23, "opset 23: float4e2m1 added to T1/T2", NOT_HELD, null),
      new Change("Cast", 24, "opset 24: float8e8m0 added; attribute round_mode (for float8e8m0 only)",
          "float8e8m0 held in float32; round_mode up, down or nearest as ONNX's reference rounds", "round_mode"),
      new Change("Cast", 25, "opset 25: int2/uint2 added", NOT_HELD, null),
      new Change("Cast", 28, "opset 28: float6e2m3/float6e3m2 added", NOT_HELD, null),
      new Change("ConstantOfShape", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Flatten", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Identity", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Pad", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Reshape", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Shape", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Squeeze", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Transpose", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      new Change("Unsqueeze", 23, NEW_STORAGE_23_25, NOT_HELD, null),
      // Opset 27 (ONNX 1.20): Range gains float16/bfloat16 with a wider accumulation type.
      new Change("Range", 27, "opset 27: float16/bfloat16 added; attribute stash_type (FLOAT or DOUBLE) "
          + "sets the precision of start + i * delta for them", "computed in double, rounded to T; "
          + "stash_type must be 1 or 11", "stash_type"),
      // Opset 28 (ONNX 1.21): mode for SpaceToDepth, integer types dropped from ReduceLogSumExp.
      new Change("SpaceToDepth", 28, "opset 28: attribute mode, DCR (default) or CRD, as DepthToSpace has",
          "both orders, on the reference and in the OpenCL kernel", "mode"),
      new Change("DepthToSpace", 28, "opset 28: version bump with SpaceToDepth, no change in semantics",
          "nothing to do", null),
      new Change("ReduceLogSumExp", 28, "opset 28: integer types removed from T", "nothing to do: "
          + "cnnx computes it on floating types", null));

  private OpsetChanges() {}

  /** Refuses an attribute that first appeared in an opset newer than the model's. */
  static void checkAttributes(Node node, int opset) {
    for (Change c : CHANGES) {
      if (c.newAttribute() != null && c.op().equals(node.opType()) && opset < c.version()
          && node.has(c.newAttribute())) {
        throw node.invalid("attribute '" + c.newAttribute() + "' exists from opset " + c.version()
            + ", the model's opset is " + opset);
      }
    }
  }
}
