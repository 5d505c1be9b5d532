package cnnx.kernels.plan;

import java.util.List;

/**
 * One kernel launch of a plan.
 *
 * @param kernelName the kernel function in the program
 * @param program index in {@link Plan#programs()}
 * @param args arguments in parameter order
 * @param globalSize NDRange global size (1 to 3 dims)
 * @param localSize work-group size, or null to let the driver choose
 * @param onnxNodes the ONNX nodes this launch computes, in graph order
 * @param outputs the buffers it writes (for layer-by-layer verification)
 * @param note why the launch looks as it does (e.g. why a pool was not fused), or ""
 */
public record Launch(
    String kernelName,
    int program,
    List<KernelArg> args,
    long[] globalSize,
    long[] localSize,
    List<String> onnxNodes,
    List<Integer> outputs,
    String note) {
  public Launch {
    args = List.copyOf(args);
    globalSize = globalSize.clone();
    localSize = localSize == null ? null : localSize.clone();
    onnxNodes = List.copyOf(onnxNodes);
    outputs = List.copyOf(outputs);
  }

  @Override
  public long[] globalSize() {
    return globalSize.clone();
  }

  @Override
  public long[] localSize() {
    return localSize == null ? null : localSize.clone();
  }
}
