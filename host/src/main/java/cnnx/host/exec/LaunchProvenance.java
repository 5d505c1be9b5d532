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
 */
public record LaunchProvenance(String kernel, String sourceHash, String buildOptions, List<String> onnxNodes,
    boolean binaryFromCache) {}
