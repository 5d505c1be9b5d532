package cnnx.host.verify;

import cnnx.compiler.verify.Tolerance;
import cnnx.compiler.verify.ToleranceClass;
import cnnx.compiler.verify.ToleranceClasses;
import java.util.List;

/**
 * How close a device's result must be to the reference, per launch: the loosest tolerance class
 * the launch's ops declare ({@link ToleranceClasses}). Kept for existing callers.
 */
public final class TolerancePolicy {
  public static final Tolerance ACCUMULATING_TOL = ToleranceClass.ACCUMULATING.tolerance();
  public static final Tolerance TRANSCENDENTAL_TOL = ToleranceClass.TRANSCENDENTAL.tolerance();
  public static final Tolerance EXACT_TOL = ToleranceClass.EXACT.tolerance();

  private TolerancePolicy() {}

  public static Tolerance forOps(List<String> opTypes) {
    return ToleranceClasses.forOps(opTypes).tolerance();
  }
}
