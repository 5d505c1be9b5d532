package cnnx.compiler.codegen;

import cnnx.compiler.ir.Node;
import cnnx.compiler.ir.Tensor;
import cnnx.kernels.plan.ElementType;
import java.util.List;
import java.util.Optional;

/**
 * What an {@link ElementEmitter} sees while writing OpenCL C for one output element. Coordinates
 * and indices are C expressions of type {@code long}; loads are C expressions of the input's
 * element type ({@code float} or {@code long}). Shapes are static: codegen runs on specialised
 * graphs.
 */
public interface ElementContext {
  Node node();

  /** Which output of the node is being computed. */
  int output();

  int[] outputShape();

  ElementType outputType();

  /** The output's IR element type (e.g. INT32 stored as long, whose arithmetic must wrap at 32 bits). */
  cnnx.compiler.ir.DataType outputDataType();

  /** Input i's IR element type. */
  cnnx.compiler.ir.DataType inputDataType(int i);

  boolean hasInput(int i);

  int[] inputShape(int i);

  ElementType inputType(int i);

  /** The value of input i when known at compile time (axes, pads, scales, weights). */
  Optional<Tensor> constant(int i);

  /** C expression for output coordinate {@code axis}. */
  String coord(int axis);

  /** C expression for the output element's flat (row-major) index. */
  String flatIndex();

  /** C expression loading input i at the given coordinate expressions (one per input axis). */
  String load(int input, List<String> coords);

  /** C expression loading input i at a flat row-major index expression. */
  String loadFlat(int input, String flatIndex);

  /** Loads input i broadcast (numpy rules, right-aligned) to the output coordinates. */
  String loadBroadcast(int input);

  /** Declares a local {@code ctype name = init;} and returns the fresh name. */
  String declare(String ctype, String hint, String init);

  /** Appends a raw C statement (loops, ifs); use {@link #fresh} for any name it introduces. */
  void statement(String c);

  /** A fresh C identifier. */
  String fresh(String hint);

  /**
   * Raises the plan's error flag with {@code code} (an {@link cnnx.kernels.plan.ErrorFlag} code)
   * when the C condition holds: for run-time data the reference rejects (an index out of range, an
   * integer division by zero). The emitter must still compute some in-bounds value.
   */
  void flagError(String condition, long code);

  /** Sets the element's value (a C expression of the output's element type); call exactly once. */
  void result(String expr);

  /** C literal for a float, exact (hex float) and valid OpenCL C. */
  static String floatLiteral(float v) {
    if (Float.isNaN(v)) {
      return "NAN";
    }
    if (Float.isInfinite(v)) {
      return v > 0 ? "INFINITY" : "(-INFINITY)";
    }
    return "(" + Float.toHexString(v).replace("0x1.0p", "0x1p") + "f)";
  }

  /** C expression: row-major offset of coordinates in a static shape; size-1 axes add nothing. */
  static String rowMajorIndex(int[] shape, List<String> coords) {
    int[] strides = cnnx.compiler.ir.Shapes.strides(shape);
    StringBuilder sb = new StringBuilder();
    for (int a = 0; a < shape.length; a++) {
      if (shape[a] == 1) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(" + ");
      }
      sb.append('(').append(coords.get(a)).append(')');
      if (strides[a] != 1) {
        sb.append(" * ").append(strides[a]).append('L');
      }
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }
}
