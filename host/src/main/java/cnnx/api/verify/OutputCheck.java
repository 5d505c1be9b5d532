package cnnx.api.verify;

import cnnx.api.Comparison;

/** One model output of the whole run compared with the reference's, under {@link cnnx.api.Tolerance#MODEL}. */
public record OutputCheck(String output, Comparison comparison) {
  public boolean passed() {
    return comparison.passed();
  }
}
