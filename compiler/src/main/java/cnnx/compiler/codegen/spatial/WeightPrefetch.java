package cnnx.compiler.codegen.spatial;

import cnnx.boards.DeviceKind;
import cnnx.boards.Target;

/**
 * How far ahead a contraction's work-item asks for its weight stream (the kernels' {@code pfAhead} argument: steps
 * of its reduction loop; 0 for none; an argument rather than a define, so that layers that ask and layers that do
 * not share one program and a cold start builds no more of them). A CPU's hardware prefetcher follows one sequential stream per work-item too slowly when the
 * weights come from memory: a chain of five 512-channel 3x3 convs on a 7x7 plane (9.4 MB of weights each, more
 * than the 32 MB L3 holds together) ran 5.8 ms direct and 4.4 ms as Winograd without, 4.0 and 3.9 ms with
 * (medians of six alternating rounds of {@code cnnx plan MODEL --predict opencl:0}, 2026-12-02). Weights that
 * fit the L2 stay there between the work-items that share them: asking again only costs load slots. A GPU hides
 * memory latency with other work-items, and its compiler need not know clang's builtin: never there. The
 * requests change no result, only when weights arrive.
 */
public final class WeightPrefetch {
  private WeightPrefetch() {}

  /** The JVM's system property that turns the requests off ({@code off}; anything else, or unset, leaves them on). */
  public static final String PROPERTY = "cnnx.prefetch";

  /** Weights per launch from which they are taken to come from beyond a core's L2. */
  static final long MIN_BYTES = 1L << 20;

  /** Steps ahead for the direct template (a step is one input channel's taps x OCB weights, 1152 bytes at 3x3 x 32). */
  static final int DIRECT_STEPS = 12;

  /** Steps ahead for the Winograd products (a step is one input channel's KB weights, 64 or 128 bytes). */
  static final int WINOGRAD_STEPS = 16;

  /** PREFETCH for the templates: "1" where the requests may be compiled in (CPU targets), else "0". */
  static String flag(Target t) {
    return t.kind() == DeviceKind.CPU ? "1" : "0";
  }

  /**
   * The most positions (outputs, or Winograd tiles, over the batch) each weight meets: beyond it the
   * multiply-adds outlast the weights' trip from memory (VGG-19's 14x14 layers ran no faster asked ahead).
   */
  static final long MAX_REUSE = 64;

  /**
   * pfAhead for a launch that streams {@code weightBytes} of weights, each meeting {@code reuse} positions, in
   * steps of the given count.
   */
  static int ahead(Target t, long weightBytes, long reuse, int steps) {
    boolean off = "off".equalsIgnoreCase(System.getProperty(PROPERTY, "on").trim());
    return !off && t.kind() == DeviceKind.CPU && weightBytes >= MIN_BYTES && reuse <= MAX_REUSE ? steps : 0;
  }
}
