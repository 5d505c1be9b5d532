package cnnx.compiler.ops.elementwise;

import cnnx.compiler.ops.OpRegistry;
import cnnx.compiler.verify.ToleranceClass;

/** Activations, broadcasting arithmetic, softmax and reductions. */
public final class ElementwiseOps {
  private ElementwiseOps() {}

  public static void register(OpRegistry.Builder b) {
    UnaryOps.register(b);
    b.add(new IdentityOp());
    b.add(new ClipOp());
    b.add(new CastOp());
    b.add(new PReluOp());

    b.add(BinaryOp.arithmetic("Add", (x, y) -> x + y, (x, y) -> x + y));
    b.add(BinaryOp.arithmetic("Sub", (x, y) -> x - y, (x, y) -> x - y));
    b.add(BinaryOp.arithmetic("Mul", (x, y) -> x * y, (x, y) -> x * y));
    // Integer division truncates toward zero, as in C (and Java).
    // OpenCL's float division may be off by a few ulp (it need not round correctly).
    b.add(BinaryOp.arithmetic("Div", (x, y) -> x / y, (x, y) -> x / y).withToleranceClass(ToleranceClass.TRANSCENDENTAL));
    b.add(new PowOp());
    b.add(BinaryOp.arithmeticWithAttributes("Mod", Mod::floats, Mod::ints));
    b.add(BinaryOp.comparison("Equal", ElementTypes.NUMERIC_OR_BOOL, (x, y) -> x == y ? 1 : 0, (x, y) -> x == y ? 1 : 0));
    b.add(BinaryOp.comparison("Less", ElementTypes.NUMERIC, (x, y) -> x < y ? 1 : 0, (x, y) -> x < y ? 1 : 0));
    b.add(BinaryOp.comparison("Greater", ElementTypes.NUMERIC, (x, y) -> x > y ? 1 : 0,
        (x, y) -> x > y ? 1 : 0));
    b.add(BinaryOp.comparison("LessOrEqual", ElementTypes.NUMERIC, (x, y) -> x <= y ? 1 : 0,
        (x, y) -> x <= y ? 1 : 0));
    b.add(BinaryOp.comparison("GreaterOrEqual", ElementTypes.NUMERIC, (x, y) -> x >= y ? 1 : 0,
        (x, y) -> x >= y ? 1 : 0));
    b.add(new WhereOp());
    b.add(BinaryOp.comparison("And", ElementTypes.BOOL, null, (x, y) -> x != 0 && y != 0 ? 1 : 0));
    b.add(BinaryOp.comparison("Or", ElementTypes.BOOL, null, (x, y) -> x != 0 || y != 0 ? 1 : 0));
    b.add(BinaryOp.comparison("Xor", ElementTypes.BOOL, null, (x, y) -> (x != 0) != (y != 0) ? 1 : 0));

    b.add(new VariadicOp("Max", VariadicOp.Kind.MAX));
    b.add(new VariadicOp("Min", VariadicOp.Kind.MIN));
    b.add(new VariadicOp("Sum", VariadicOp.Kind.SUM));
    b.add(new VariadicOp("Mean", VariadicOp.Kind.MEAN));

    b.add(new SoftmaxOp("Softmax", SoftmaxOp.Kind.SOFTMAX));
    b.add(new SoftmaxOp("LogSoftmax", SoftmaxOp.Kind.LOG_SOFTMAX));
    b.add(new SoftmaxOp("Hardmax", SoftmaxOp.Kind.HARDMAX));

    for (Reduction r : Reduction.values()) {
      b.add(new ReduceOp(r));
    }
  }
}
