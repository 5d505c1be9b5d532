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
 * @param shapeValues values of small inputs that may decide shapes (axes, sizes, scales, starts/ends, TopK's k);
 *     where the model needs them, it is compiled for them and then runs only with them
 * @param memoryLimit the most bytes a run may take (the plan's buffers on a device, the reference interpreter's
 *     peak), checked before anything is allocated; 0 for what the device's global memory and the JVM heap allow
 */
public record CompileOptions(String device, String target, long batch, Map<String, int[]> inputShapes, boolean fuse,
    String fallback, Consumer<String> trace, Map<String, Tensor> shapeValues, long memoryLimit) {
  public CompileOptions(String device, String target, long batch, Map<String, int[]> inputShapes, boolean fuse,
      String fallback, Consumer<String> trace) {
    this(device, target, batch, inputShapes, fuse, fallback, trace, Map.of(), 0);
  }

  public CompileOptions {
    shapeValues = Map.copyOf(shapeValues);
    if ((device == null) == (target == null)) {
      throw new CnnxException(CnnxException.Kind.INVALID, "compile for exactly one of a device or a target");
    }
    if (batch < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "batch must be at least 1, got " + batch);
    }
    inputShapes = Map.copyOf(inputShapes);
    if (memoryLimit < 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "a memory limit must be a positive size, got " + memoryLimit);
    }
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
    return new CompileOptions(device, target, n, inputShapes, fuse, fallback, trace, shapeValues, memoryLimit);
  }

  public CompileOptions withInputShapes(Map<String, int[]> shapes) {
    return new CompileOptions(device, target, batch, new LinkedHashMap<>(shapes), fuse, fallback, trace, shapeValues,
        memoryLimit);
  }

  /**
   * Compiles for the shapes of the tensors that will be fed, and for the values of the small ones
   * where the model needs them to know its shapes (see {@link cnnx.compiler.pass.ShapeInputs}).
   */
  public CompileOptions withInputsLike(Map<String, Tensor> inputs) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    Map<String, Tensor> values = new LinkedHashMap<>();
    inputs.forEach((k, v) -> {
      shapes.put(k, v.shape());
      if (cnnx.compiler.pass.ShapeInputs.isCandidate(v.unwrap())) {
        values.put(k, v);
      }
    });
    return new CompileOptions(device, target, batch, new LinkedHashMap<>(shapes), fuse, fallback, trace, values,
        memoryLimit);
  }

  /** Keeps only the shape values the model needs (see {@link cnnx.compiler.pass.ShapeInputs#needed}). */
  CompileOptions withNeededShapeValues(cnnx.compiler.ir.Graph model) {
    if (shapeValues.isEmpty()) {
      return this;
    }
    Map<String, cnnx.compiler.ir.Tensor> values = new LinkedHashMap<>();
    shapeValues.forEach((k, v) -> values.put(k, v.unwrap()));
    Map<String, Tensor> kept = new LinkedHashMap<>();
    cnnx.compiler.pass.ShapeInputs.needed(model, inputShapes, values).keySet()
        .forEach(k -> kept.put(k, shapeValues.get(k)));
    return new CompileOptions(device, target, batch, inputShapes, fuse, fallback, trace, kept, memoryLimit);
  }

  /** Fails unless every value this was compiled for is fed unchanged (another value needs another compile). */
  void requireShapeValues(Map<String, cnnx.compiler.ir.Tensor> fed) {
    shapeValues.forEach((name, v) -> cnnx.compiler.pass.ShapeInputs.requireSame(name, v.unwrap(), fed.get(name)));
  }

  public CompileOptions withFuse(boolean f) {
    return new CompileOptions(device, target, batch, inputShapes, f, fallback, trace, shapeValues, memoryLimit);
  }

  public CompileOptions withFallback(String d) {
    return new CompileOptions(device, target, batch, inputShapes, fuse, d, trace, shapeValues, memoryLimit);
  }

  public CompileOptions withTrace(Consumer<String> t) {
    return new CompileOptions(device, target, batch, inputShapes, fuse, fallback, t, shapeValues, memoryLimit);
  }

  /**
   * Refuses, before anything is allocated, a plan whose buffers together or a reference run whose peak need
   * more than {@code bytes}; the refusal (INVALID) names the largest tensors. The device's global memory and
   * the JVM heap still bound what runs.
   */
  public CompileOptions withMemoryLimit(long bytes) {
    if (bytes <= 0) {
      throw new CnnxException(CnnxException.Kind.INVALID, "a memory limit must be a positive size, got " + bytes);
    }
    return new CompileOptions(device, target, batch, inputShapes, fuse, fallback, trace, shapeValues, bytes);
  }

  /**
   * A size as {@link #withMemoryLimit} takes it, from text such as {@code 512M}, {@code 2G}, {@code 1.5GiB} or a
   * number of bytes; an {@link IllegalArgumentException} saying why for anything else, zero or negative.
   */
  public static long parseMemoryLimit(String text) {
    return cnnx.compiler.analysis.MemoryBudget.parse(text);
  }

  /** The limit as the compiler checks it, or null for the defaults. */
  cnnx.compiler.analysis.MemoryBudget memoryBudget() {
    return memoryLimit == 0 ? null : new cnnx.compiler.analysis.MemoryBudget(memoryLimit, "--memory-limit");
  }

  cnnx.compiler.Compiler.Options compilerOptions() {
    Map<String, cnnx.compiler.ir.Tensor> values = new LinkedHashMap<>();
    shapeValues.forEach((k, v) -> values.put(k, v.unwrap()));
    return new cnnx.compiler.Compiler.Options(Map.of(), batch, inputShapes, fuse, false, trace, values, memoryBudget());
  }
}
