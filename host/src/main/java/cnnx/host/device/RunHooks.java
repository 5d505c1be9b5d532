package cnnx.host.device;

import cnnx.compiler.ir.Tensor;
import cnnx.host.exec.LaunchFault;
import java.util.function.Function;

/**
 * What a run may be asked to do beyond computing outputs, for verification.
 *
 * @param observer sees each step's outputs right after it ran, or null
 * @param fault a deliberate error after the steps covering one ONNX node (tests, {@code verify --inject-fault}),
 *     or null
 * @param isolated when not null, each step first reads its inputs from here (by graph value name) instead of
 *     from the steps before it, so that each step is checked on its own; values it does not know are left as the
 *     run made them (weights, scratch)
 */
public record RunHooks(LaunchObserver observer, LaunchFault fault, Function<String, Tensor> isolated) {
  public static final RunHooks NONE = new RunHooks(null, null, null);
}
