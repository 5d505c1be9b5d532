package cnnx.kernels.plan;

import java.util.List;
import java.util.Map;

/**
 * A compiled model for one device: what to allocate, what to upload once, what to launch in
 * order, and where the inputs go and the outputs come from. The compiler writes it; a host
 * device runs it. Plain data, so a plan can be printed, checked and tested without a device.
 *
 * @param programs the distinct OpenCL programs
 * @param buffers every logical buffer
 * @param slotBytes size of each physical allocation
 * @param constants buffer id → contents uploaded once (weights); float[] or long[]
 * @param inputs graph input name → buffer id
 * @param outputs graph output name → buffer id, in graph order
 * @param outputShapes graph output name → shape
 * @param launches in execution order
 */
public record Plan(
    List<KernelSource> programs,
    List<BufferSpec> buffers,
    List<Long> slotBytes,
    Map<Integer, Object> constants,
    Map<String, Integer> inputs,
    Map<String, Integer> outputs,
    Map<String, int[]> outputShapes,
    List<Launch> launches) {
  public Plan {
    programs = List.copyOf(programs);
    buffers = List.copyOf(buffers);
    slotBytes = List.copyOf(slotBytes);
    constants = Map.copyOf(constants);
    inputs = Map.copyOf(inputs);
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    outputShapes = Map.copyOf(outputShapes);
    launches = List.copyOf(launches);
  }
}
