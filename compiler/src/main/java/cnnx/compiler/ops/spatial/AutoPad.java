package cnnx.compiler.ops.spatial;

import cnnx.compiler.ir.Node;

/** The {@code auto_pad} attribute of the window ops. */
enum AutoPad {
  NOTSET,
  SAME_UPPER,
  SAME_LOWER,
  VALID;

  static AutoPad of(Node node) {
    String s = node.stringAttr("auto_pad", "NOTSET");
    return switch (s) {
      case "NOTSET" -> NOTSET;
      case "SAME_UPPER" -> SAME_UPPER;
      case "SAME_LOWER" -> SAME_LOWER;
      case "VALID" -> VALID;
      default -> throw node.invalid("auto_pad '" + s + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
    };
  }

  boolean isSame() {
    return this == SAME_UPPER || this == SAME_LOWER;
  }
}
