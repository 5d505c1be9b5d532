package cnnx.host.device.aparapi.lower;

import java.util.List;

/**
 * One node of the lowered model (a conv block, a pool, a copy...): which values it reads and writes and how it
 * launches its Aparapi kernels. Steps are immutable and hold no arrays of their own beyond index maps and
 * constants, so one lowered model serves every run.
 */
public interface Step {
  /** The kernel class it launches (for provenance), or "alias" for a step that launches nothing. */
  String kernel();

  /** The ONNX nodes it computes. */
  List<String> onnxNodes();

  /** Values it reads, by graph value name. */
  List<String> reads();

  /** Values it writes, by graph value name. */
  List<String> writes();

  /** Runs it: reads from and writes to {@code values}, launching through {@code launcher}. */
  void run(Values values, Launcher launcher);
}
