package cnnx.compiler.verify;

import cnnx.compiler.ops.OpDef;
import cnnx.compiler.ops.OpRegistry;
import java.util.List;

/** The tolerance for a launch from the ops it covers, as their definitions declare it. */
public final class ToleranceClasses {
  private ToleranceClasses() {}

  /**
   * The loosest class among the ops. An op the registry does not know (no kernel can cover one)
   * counts as {@link ToleranceClass#EXACT}.
   */
  public static ToleranceClass forOps(List<String> opTypes) {
    return forOps(OpRegistry.standard(), opTypes);
  }

  public static ToleranceClass forOps(OpRegistry registry, List<String> opTypes) {
    ToleranceClass c = ToleranceClass.EXACT;
    for (String op : opTypes) {
      c = c.loosest(registry.find(op).map(OpDef::toleranceClass).orElse(ToleranceClass.EXACT));
    }
    return c;
  }
}
