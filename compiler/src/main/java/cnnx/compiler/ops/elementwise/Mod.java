package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.Node;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Mod's two semantics: fmod = 1 is C's fmod (the remainder has the dividend's sign), fmod = 0 the
 * integer modulus with the divisor's sign, as Python's %. Floats require fmod = 1.
 */
final class Mod {
  private Mod() {}

  static boolean isFmod(Node n) {
    long fmod = n.intAttr("fmod", 0);
    if (fmod != 0 && fmod != 1) {
      throw n.invalid("fmod must be 0 or 1, found " + fmod);
    }
    return fmod == 1;
  }

  static DoubleBinaryOperator floats(Node n) {
    if (!isFmod(n)) {
      throw n.invalid("floating-point inputs require fmod = 1");
    }
    return (x, y) -> x % y; // Java's % on doubles is C's fmod, exact
  }

  static LongBinaryOperator ints(Node n) {
    return isFmod(n) ? (x, y) -> x % y : Math::floorMod;
  }
}
