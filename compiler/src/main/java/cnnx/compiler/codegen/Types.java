package cnnx.compiler.codegen;

import cnnx.compiler.ir.DataType;
import cnnx.kernels.plan.ElementType;

/** How IR element types are stored on devices: floats as float32, integers and bools as int64. */
public final class Types {
  private Types() {}

  public static ElementType storage(DataType t) {
    return t.isFloating() ? ElementType.FLOAT : ElementType.LONG;
  }
}
