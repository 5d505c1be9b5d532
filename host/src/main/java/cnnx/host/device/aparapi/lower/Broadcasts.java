package cnnx.host.device.aparapi.lower;

import cnnx.compiler.ir.Shapes;
import java.util.Arrays;

/** Multidirectional broadcasting resolved at load: for each output element, the operand element it reads. */
final class Broadcasts {
  private Broadcasts() {}

  /** Null when the operand has the output's shape (the kernel then reads index i directly). */
  static int[] indexMap(int[] out, int[] operand) {
    if (Arrays.equals(out, operand)) {
      return null;
    }
    int rank = out.length;
    int[] strides = new int[rank];
    int[] opStrides = Shapes.strides(operand);
    int offset = rank - operand.length;
    for (int k = 0; k < operand.length; k++) {
      strides[offset + k] = operand[k] == 1 ? 0 : opStrides[k];
    }
    int size = Shapes.size(out);
    int[] map = new int[size];
    int[] outStrides = Shapes.strides(out);
    for (int i = 0; i < size; i++) {
      int rest = i;
      int src = 0;
      for (int k = 0; k < rank; k++) {
        int coord = rest / outStrides[k];
        rest -= coord * outStrides[k];
        src += coord * strides[k];
      }
      map[i] = src;
    }
    return map;
  }
}
