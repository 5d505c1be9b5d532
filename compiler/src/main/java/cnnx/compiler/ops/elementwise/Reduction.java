package cnnx.compiler.ops.elementwise;

/**
 * What a Reduce op does with the set of elements reduced into one output: a transform of each
 * element, a combination, and a final step. Float work is done in double.
 */
enum Reduction {
  SUM("ReduceSum"),
  MEAN("ReduceMean"),
  MAX("ReduceMax"),
  MIN("ReduceMin"),
  PROD("ReduceProd"),
  L1("ReduceL1"),
  L2("ReduceL2"),
  SUM_SQUARE("ReduceSumSquare"),
  LOG_SUM_EXP("ReduceLogSumExp");

  final String opType;

  Reduction(String opType) {
    this.opType = opType;
  }

  /** The value of an empty reduction, before {@link #finish}. */
  double identity() {
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
  boolean hasIntegerForm() {
    return this != L2 && this != LOG_SUM_EXP;
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
