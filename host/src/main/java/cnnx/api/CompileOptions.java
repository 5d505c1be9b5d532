package cnnx.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How to compile a model: for a device on this machine ({@code "opencl:0"}, {@code "reference"}) or for a
 * target preset that need not be here ({@code "nvidia/h100-sxm"}: compile only), with the batch size for
 * symbolic dims or exact input shapes. Immutable; each {@code with...} returns a copy.
 *
 * @param device a device spec, or null when compiling for {@code target}
 * @param target a target preset id, or null when compiling for {@code device}
 * @param batch the size of symbolic input dims
 * @param inputShapes exact input shapes (the shapes of the tensors that will be fed); empty: use batch
 * @param fuse false compiles one launch per node
 * @param fallback a device to run on when {@code device} cannot compile or run the model, or null (never)
 * @param trace receives the IR after each compile step, or null
 */
public record CompileOptions(String device, String target, long batch, Map<String, int[]> inputShapes, boolean fuse,
    String fallback, Consumer<String> trace) {
  public CompileOptions {
    if ((device == null) == (target == null)) {
      throw new CnnxException(CnnxException.Kind.INVALID, "compile for exactly one of a device or a target");
    }
    if (batch < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "batch must be at least 1, got " + batch);
    }
    inputShapes = Map.copyOf(inputShapes);
  }

  /** For a device here: {@code reference}, {@code opencl}, {@code opencl:N}, or any provider's spec. */
  public static CompileOptions forDevice(String device) {
    return new CompileOptions(device, null, 1, Map.of(), true, null, null);
  }

  /** For a target preset (see {@link Cnnx#targets()}); the plan can be inspected and saved, and run where it fits. */
  public static CompileOptions forTarget(String target) {
    return new CompileOptions(null, target, 1, Map.of(), true, null, null);
  }

  public CompileOptions withBatch(long n) {
    return new CompileOptions(device, target, n, inputShapes, fuse, fallback, trace);
  }

  public CompileOptions withInputShapes(Map<String, int[]> shapes) {
    return new CompileOptions(device, target, batch, new LinkedHashMap<>(shapes), fuse, fallback, trace);
  }

  /** Compiles for the shapes of the tensors that will be fed. */
  public CompileOptions withInputsLike(Map<String, Tensor> inputs) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    inputs.forEach((k, v) -> shapes.put(k, v.shape()));
    return withInputShapes(shapes);
  }

  public CompileOptions withFuse(boolean f) {
    return new CompileOptions(device, target, batch, inputShapes, f, fallback, trace);
  }

  public CompileOptions withFallback(String d) {
    return new CompileOptions(device, target, batch, inputShapes, fuse, d, trace);
  }

  public CompileOptions withTrace(Consumer<String> t) {
    return new CompileOptions(device, target, batch, inputShapes, fuse, fallback, t);
  }

  cnnx.compiler.Compiler.Options compilerOptions() {
    return new cnnx.compiler.Compiler.Options(Map.of(), batch, inputShapes, fuse, false, trace);
  }
}
