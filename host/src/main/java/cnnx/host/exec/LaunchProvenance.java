package cnnx.host.exec;

import java.util.List;

/**
 * Where one launch's result came from.
 *
 * @param kernel kernel function name
 * @param sourceHash SHA-256 of the program source and build options
 * @param buildOptions the options it was built with
 * @param onnxNodes the ONNX nodes it computes
 * @param binaryFromCache whether the program came from the kernel-binary cache
 * @param ranOn where it really ran when the device can say so after the run (an Aparapi kernel: OpenCL on which
 *     device, or the JVM), or null
 */
public record LaunchProvenance(String kernel, String sourceHash, String buildOptions, List<String> onnxNodes,
    boolean binaryFromCache, String ranOn) {
  public LaunchProvenance(String kernel, String sourceHash, String buildOptions, List<String> onnxNodes,
      boolean binaryFromCache) {
    this(kernel, sourceHash, buildOptions, onnxNodes, binaryFromCache, null);
  }
}
