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
 * @param inputSpecs the graph inputs: name, element type, shape (what {@code inputs} expect)
 * @param outputSpecs the graph outputs, in graph order
 * @param launches in execution order
 * @param origin the target it was compiled for and the model it came from
 * @param loadLaunches how many of the first launches compute constants (every input a constant or
 *     computed by an earlier such launch): they run once when the plan is loaded, not on every run,
 *     and what they write keeps its memory
 */
public record Plan(
    List<KernelSource> programs,
    List<BufferSpec> buffers,
    List<Long> slotBytes,
    Map<Integer, Object> constants,
    Map<String, Integer> inputs,
    Map<String, Integer> outputs,
    List<TensorSpec> inputSpecs,
    List<TensorSpec> outputSpecs,
    List<Launch> launches,
    PlanOrigin origin,
    int loadLaunches) {
  public Plan {
    if (loadLaunches < 0 || loadLaunches > launches.size()) {
      throw new IllegalArgumentException(loadLaunches + " load-time launches of " + launches.size());
    }
    programs = List.copyOf(programs);
    buffers = List.copyOf(buffers);
    slotBytes = List.copyOf(slotBytes);
    constants = Map.copyOf(constants);
    inputs = Map.copyOf(inputs);
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    inputSpecs = List.copyOf(inputSpecs);
    outputSpecs = List.copyOf(outputSpecs);
    launches = List.copyOf(launches);
  }

  /** A plan whose launches all run on every run. */
  public Plan(List<KernelSource> programs, List<BufferSpec> buffers, List<Long> slotBytes, Map<Integer, Object> constants,
      Map<String, Integer> inputs, Map<String, Integer> outputs, List<TensorSpec> inputSpecs,
      List<TensorSpec> outputSpecs, List<Launch> launches, PlanOrigin origin) {
    this(programs, buffers, slotBytes, constants, inputs, outputs, inputSpecs, outputSpecs, launches, origin, 0);
  }

  /** The same plan with its buffers placed in slots (memory planning). */
  public Plan withSlots(List<BufferSpec> placed, List<Long> slots) {
    return new Plan(programs, placed, slots, constants, inputs, outputs, inputSpecs, outputSpecs, launches, origin,
        loadLaunches);
  }

  /** The same plan, stamped with what it was compiled for and from. */
  public Plan withOrigin(PlanOrigin o) {
    return new Plan(programs, buffers, slotBytes, constants, inputs, outputs, inputSpecs, outputSpecs, launches, o,
        loadLaunches);
  }

  /** The same plan with its launches in a new order, the first {@code load} of them run at load time. */
  public Plan withLaunches(List<Launch> ordered, int load) {
    return new Plan(programs, buffers, slotBytes, constants, inputs, outputs, inputSpecs, outputSpecs, ordered, origin,
        load);
  }

  /** The same plan with other programs and launches (launches merged into tasks), the first {@code load} at load time. */
  public Plan withProgramsAndLaunches(List<KernelSource> newPrograms, List<Launch> ordered, int load) {
    return new Plan(newPrograms, buffers, slotBytes, constants, inputs, outputs, inputSpecs, outputSpecs, ordered,
        origin, load);
  }

  /** Whether launch {@code index} runs once at load time rather than on every run. */
  public boolean isLoadTime(int index) {
    return index < loadLaunches;
  }

  /** Total bytes of device memory the plan allocates. */
  public long deviceBytes() {
    return slotBytes.stream().mapToLong(Long::longValue).sum();
  }
}
