package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.BinaryKernel;
import java.util.List;

/**
 * A broadcasting two-operand op as one {@link BinaryKernel} launch; an operand's index map is null when it has
 * the output's shape.
 */
record BinaryStep(List<String> onnxNodes, String a, String b, String y, int size, int op, int[] aIndex,
    int[] bIndex) implements Step {
  private static final int[] DIRECT = new int[1];

  @Override
  public String kernel() {
    return "BinaryKernel";
  }

  @Override
  public List<String> reads() {
    return List.of(a, b);
  }

  @Override
  public List<String> writes() {
    return List.of(y);
  }

  @Override
  public void run(Values values, Launcher launcher) {
    BinaryKernel k = launcher.kernel(BinaryKernel.class);
    k.a = values.get(a);
    k.b = values.get(b);
    k.y = values.allocate(y, size);
    k.aDirect = aIndex == null ? 1 : 0;
    k.bDirect = bIndex == null ? 1 : 0;
    k.aIndex = aIndex == null ? DIRECT : aIndex;
    k.bIndex = bIndex == null ? DIRECT : bIndex;
    k.total = size;
    k.op = op;
    launcher.launch(k, size, this);
  }
}
