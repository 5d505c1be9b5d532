package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.Node;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Mod's two semantics: fmod = 1 is C's fmod (the remainder has the dividend's sign), fmod = 0 the
 * modulus with the divisor's sign, as Python's %: for floats since opset 28 (Mod-28; before, floats
 * required fmod = 1), with Mod-28's special cases (±0 takes the divisor's sign, an infinite divisor
 * returns a finite dividend of its sign).
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
      if (n.intAttr("cnnx.mod_floats_need_fmod", 0) == 1) {
        throw n.invalid("floating-point inputs require fmod = 1 before opset 28");
      }
      return Mod::floorMod;
    }
    return (x, y) -> x % y; // Java's % on doubles is C's fmod, exact
  }

  /** x - floor(x / y) * y as Python's float %: fmod, moved by y when the signs differ. */
  static double floorMod(double x, double y) {
    float r = (float) (x % y);
    if (r != 0 && (r < 0) != (y < 0)) {
      return r + (float) y; // in float32, as the OpenCL kernel
    }
    return r == 0 ? Math.copySign(0f, (float) y) : r;
  }

  static LongBinaryOperator ints(Node n) {
    return isFmod(n) ? (x, y) -> x % y : Math::floorMod;
  }
}
