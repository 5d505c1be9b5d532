package cnnx.compiler.codegen;

import java.util.Locale;

/**
 * Whether 3x3 stride-1 convs may run as Winograd F(2x2, 3x3) (input transform, 16 GEMMs, output
 * transform) instead of the direct template. Winograd's results differ from the direct sum in the
 * last bits (the transforms add and subtract before multiplying), within the conv tolerance.
 */
public enum Winograd {
  /** Never: every conv runs the direct template. */
  OFF,
  /** Where it was measured to beat the direct template on the target ({@code WinogradConv.gains}). */
  AUTO,
  /** Every conv it can compute (2-D float, 3x3, stride 1, dilation 1, one group, constant weights, no fused pool). */
  ALWAYS;

  /** The JVM's system property naming the mode for the standard kernel library: off, auto (the default) or always. */
  public static final String PROPERTY = "cnnx.winograd";

  /** The mode {@link #PROPERTY} names, AUTO when unset; anything else is refused as invalid input (exit 2). */
  public static Winograd fromProperty() {
    String v = System.getProperty(PROPERTY, "auto").trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new cnnx.compiler.error.InvalidModelException(
          "-D" + PROPERTY + " takes off, auto or always, not " + v.toLowerCase(Locale.ROOT), e);
    }
  }
}
