package cnnx.host.verify;

import cnnx.compiler.verify.Tolerance;
import java.util.List;
import java.util.Set;

/**
 * How close a device's result must be to the reference, per launch, from the ops it covers.
 * Float32 kernels accumulate in another order than the reference (which sums in double), and
 * OpenCL's transcendental builtins may differ by a few ULP:
 * <ul>
 *   <li>contractions (Conv, ConvTranspose, Gemm, MatMul) and windows that sum: rtol 1e-3, atol 1e-4;
 *   <li>transcendental element ops and normalisations: rtol 1e-4, atol 1e-5;
 *   <li>everything else (exact arithmetic, data movement, max/min): rtol 1e-5, atol 1e-6.
 * </ul>
 * The loosest rule among a launch's ops applies.
 */
public final class TolerancePolicy {
  private static final Set<String> ACCUMULATING = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul",
      "AveragePool", "GlobalAveragePool", "LpPool", "ReduceMean", "ReduceSum", "ReduceL1", "ReduceL2",
      "ReduceSumSquare", "ReduceLogSumExp", "ReduceProd", "Softmax", "LogSoftmax", "LRN",
      "InstanceNormalization", "BatchNormalization", "Resize", "Sum", "Mean");
  private static final Set<String> TRANSCENDENTAL = Set.of("Exp", "Log", "Sigmoid", "Tanh", "Elu", "Selu",
      "Softplus", "Erf", "Pow", "Sqrt", "HardSigmoid", "HardSwish", "Reciprocal", "Div", "Softsign");

  public static final Tolerance ACCUMULATING_TOL = new Tolerance(1e-3, 1e-4);
  public static final Tolerance TRANSCENDENTAL_TOL = new Tolerance(1e-4, 1e-5);
  public static final Tolerance EXACT_TOL = new Tolerance(1e-5, 1e-6);

  private TolerancePolicy() {}

  public static Tolerance forOps(List<String> opTypes) {
    if (opTypes.stream().anyMatch(ACCUMULATING::contains)) {
      return ACCUMULATING_TOL;
    }
    if (opTypes.stream().anyMatch(TRANSCENDENTAL::contains)) {
      return TRANSCENDENTAL_TOL;
    }
    return EXACT_TOL;
  }
}
