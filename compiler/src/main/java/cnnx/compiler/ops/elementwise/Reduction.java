package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ir.DataType;

/**
 * What a Reduce op does with the set of elements reduced into one output: a transform of each
 * element, a combination, and a final step. Float work is done in double.
 */
public enum Reduction {
  SUM("ReduceSum"),
  MEAN("ReduceMean"),
  MAX("ReduceMax"),
  MIN("ReduceMin"),
  PROD("ReduceProd"),
  L1("ReduceL1"),
  L2("ReduceL2"),
  SUM_SQUARE("ReduceSumSquare"),
  LOG_SUM_EXP("ReduceLogSumExp");

  private final String opType;

  Reduction(String opType) {
    this.opType = opType;
  }

  /** The ONNX op type, e.g. ReduceSum. */
  public String opType() {
    return opType;
  }

  /** The value of an empty reduction, before {@link #finish}. */
  public double identity() {
    return switch (this) {
      case PROD -> 1;
      case MAX -> Double.NEGATIVE_INFINITY;
      case MIN -> Double.POSITIVE_INFINITY;
      default -> 0;
    };
  }

  double transform(double x) {
    return switch (this) {
      case L1 -> Math.abs(x);
      case L2, SUM_SQUARE -> x * x;
      default -> x;
    };
  }

  double combine(double acc, double v) {
    return switch (this) {
      case MAX -> Math.max(acc, v);
      case MIN -> Math.min(acc, v);
      case PROD -> acc * v;
      default -> acc + v;
    };
  }

  double finish(double acc, int count) {
    return switch (this) {
      case MEAN -> acc / count;
      case L2 -> Math.sqrt(acc);
      default -> acc;
    };
  }

  /** Integer counterparts, for the reductions defined exactly on integers. */
  public boolean hasIntegerForm() {
    return this != L2 && this != LOG_SUM_EXP;
  }

  /** The value of an empty reduction of integers of type t. */
  public long identity(DataType t) {
    return switch (this) {
      case MAX -> ElementTypes.minValue(t);
      case MIN -> ElementTypes.maxValue(t);
      case PROD -> 1;
      default -> 0;
    };
  }

  long transform(long x) {
    return switch (this) {
      case L1 -> Math.abs(x);
      case SUM_SQUARE -> x * x;
      default -> x;
    };
  }

  long combine(long acc, long v) {
    return switch (this) {
      case MAX -> Math.max(acc, v);
      case MIN -> Math.min(acc, v);
      case PROD -> acc * v;
      default -> acc + v;
    };
  }
}
