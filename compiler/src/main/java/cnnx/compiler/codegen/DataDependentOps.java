package cnnx.compiler.codegen;

/**
 * Ops whose output shape (or, for a Dropout whose training_mode is fed at run time, whose meaning)
 * depends on tensor values, not on shapes: a plan of static launches and buffers cannot hold them. They are refused with the reason, so the model is unsupported on the
 * device (exit 3) rather than run elsewhere silently; the reference device runs them, and
 * {@code --fallback reference} lets a run go there.
 */
final class DataDependentOps {
  private static final String WHY = "its output shape depends on tensor data, which a compiled plan cannot"
      + " hold; run the model on the reference device (--device reference, or --fallback reference)";

  private DataDependentOps() {}

  static void register(KernelLibrary.Builder b) {
    b.refuse("NonZero", "the number of non-zero elements: " + WHY);
    b.refuse("NonMaxSuppression", "the number of selected boxes: " + WHY);
    b.refuse("If", "control flow (which branch runs): " + WHY);
    b.refuse("Loop", "control flow (how many iterations run): " + WHY);
    // Left standing by the importer only when training_mode is fed at run time (see DropoutOp).
    b.refuse("Dropout", "training_mode fed at run time: what it computes depends on tensor data (training mode"
        + " zeroes random elements; only the reference checks the value and runs the inference case); run the model"
        + " on the reference device (--device reference, or --fallback reference)");
  }
}
