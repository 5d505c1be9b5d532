package cnnx.compiler.codegen;

import cnnx.compiler.ir.Graph;
import cnnx.kernels.plan.KernelArg;
import cnnx.kernels.plan.KernelSource;
import java.util.List;

/** What a {@link Lowering} may do: find buffers, add programs and launches. */
public interface LoweringContext {
  /** The {@code local} of register-blocked kernels: the target chooses their work-group shape. */
  long[] BLOCKED = new long[0];

  /** The specialised, typed graph being compiled. */
  Graph graph();

  /** The device being compiled for: device-dependent choices (work-groups, blocking) read it. */
  cnnx.boards.Target target();

  /** The measured choices among a layer's kernel variants on this target; each lowering's default by default. */
  default Tuning tuning() {
    return Tuning.NONE;
  }

  /** The buffer holding a value (input, constant or computed). */
  int buffer(String value);

  /**
   * A new constant made at compile time (e.g. weights repacked into the layout a kernel reads),
   * uploaded once when the plan is loaded, like the model's own weights.
   */
  int constant(String hint, cnnx.compiler.ir.Tensor value);

  /** A scratch buffer of float elements private to this node's launches. */
  int scratch(String hint, long elements);

  /** Adds (or finds) a program; returns its index. */
  int program(KernelSource source);

  /** A kernel name unique in this plan, derived from a hint. */
  String kernelName(String hint);

  /**
   * Appends a launch. The work-group shape is chosen from the target ({@link WorkGroups}) when {@code local} is
   * null (one element per work-item) or {@link #BLOCKED} (register-blocked kernels); any other {@code local} is a
   * size the kernel requires ({@code reqd_work_group_size}) and is kept.
   *
   * @param onnxNodes the ONNX nodes it computes
   * @param outputs buffers it writes
   * @param note why it looks as it does, or ""
   */
  void launch(String kernelName, int program, List<KernelArg> args, long[] global, long[] local,
      List<String> onnxNodes, List<Integer> outputs, String note);
}
