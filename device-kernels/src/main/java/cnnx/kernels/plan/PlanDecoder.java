package cnnx.kernels.plan;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the payload {@link PlanEncoder} writes. Bounded: every count is checked against the bytes that
 * remain before anything is allocated, so a wrong count fails as {@link PlanFileException.Reason#MALFORMED}
 * instead of allocating gigabytes.
 */
final class PlanDecoder {
  private final ByteBuffer in;
  private final String source;

  private PlanDecoder(byte[] payload, String source) {
    this.in = ByteBuffer.wrap(payload);
    this.source = source;
  }

  static Plan decode(byte[] payload, String source) {
    PlanDecoder d = new PlanDecoder(payload, source);
    try {
      Plan plan = d.plan();
      if (d.in.hasRemaining()) {
        throw d.malformed(d.in.remaining() + " bytes left over after the plan");
      }
      return plan;
    } catch (BufferUnderflowException e) {
      throw d.malformed("payload ends inside a field");
    } catch (IllegalArgumentException | NullPointerException e) {
      // a record constructor refused a decoded value
      throw new PlanFileException(PlanFileException.Reason.MALFORMED, source, "invalid plan: " + e.getMessage(), e);
    }
  }

  private Plan plan() {
    int n = count(8, "programs");
    List<KernelSource> programs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      programs.add(new KernelSource(string(), string()));
    }
    n = count(29, "buffers");
    List<BufferSpec> buffers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int id = in.getInt();
      String value = string();
      ElementType type = elementType(in.get());
      buffers.add(new BufferSpec(id, value, type, in.getLong(), in.getInt(), ints(), in.getInt()));
    }
    n = count(Long.BYTES, "slots");
    List<Long> slots = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      slots.add(in.getLong());
    }
    Map<Integer, Object> constants = constants();
    Map<String, Integer> inputs = names("inputs");
    Map<String, Integer> outputs = names("outputs");
    List<TensorSpec> inputSpecs = specs("input specs");
    List<TensorSpec> outputSpecs = specs("output specs");
    n = count(32, "launches");
    List<Launch> launches = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      launches.add(launch());
    }
    int load = in.getInt();
    if (load < 0 || load > launches.size()) {
      throw new IllegalArgumentException(load + " load-time launches of " + launches.size());
    }
    PlanOrigin origin = in.get() != 0 ? origin() : null;
    return new Plan(programs, buffers, slots, constants, inputs, outputs, inputSpecs, outputSpecs, launches, origin,
        load);
  }

  private Map<Integer, Object> constants() {
    int n = count(9, "constants");
    Map<Integer, Object> constants = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int id = in.getInt();
      byte kind = in.get();
      Object values = switch (kind) {
        case PlanEncoder.FLOAT_CONSTANT -> {
          float[] f = new float[count(Float.BYTES, "constant floats")];
          in.asFloatBuffer().get(f);
          in.position(in.position() + f.length * Float.BYTES);
          yield f;
        }
        case PlanEncoder.LONG_CONSTANT -> longs("constant longs");
        default -> throw malformed("constant of buffer " + id + " has unknown kind " + kind);
      };
      if (constants.put(id, values) != null) {
        throw malformed("buffer " + id + " has two constants");
      }
    }
    return constants;
  }

  private Launch launch() {
    String kernel = string();
    int program = in.getInt();
    int n = count(5, "kernel arguments");
    List<KernelArg> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte tag = in.get();
      args.add(switch (tag) {
        case PlanEncoder.ARG_BUFFER -> new KernelArg.Buffer(in.getInt());
        case PlanEncoder.ARG_INT -> new KernelArg.Int(in.getInt());
        case PlanEncoder.ARG_LONG -> new KernelArg.Long(in.getLong());
        case PlanEncoder.ARG_FLOAT -> new KernelArg.Float(Float.intBitsToFloat(in.getInt()));
        default -> throw malformed("kernel " + kernel + " has an argument of unknown kind " + tag);
      });
    }
    long[] global = longs("global size");
    int localDims = in.getInt();
    long[] local = localDims == -1 ? null : longs(checked(localDims, Long.BYTES, "local size"));
    n = count(4, "ONNX nodes");
    List<String> nodes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nodes.add(string());
    }
    n = count(Integer.BYTES, "launch outputs");
    List<Integer> outputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      outputs.add(in.getInt());
    }
    return new Launch(kernel, program, args, global, local, nodes, outputs, string());
  }

  private Map<String, Integer> names(String what) {
    int n = count(8, what);
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String name = string();
      if (m.put(name, in.getInt()) != null) {
        throw malformed(what + " name " + name + " appears twice");
      }
    }
    return m;
  }

  private List<TensorSpec> specs(String what) {
    int n = count(12, what);
    List<TensorSpec> specs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      specs.add(new TensorSpec(string(), in.getInt(), ints()));
    }
    return specs;
  }

  private ElementType elementType(byte code) {
    ElementType[] all = ElementType.values();
    if (code < 0 || code >= all.length) {
      throw malformed("unknown element type " + code);
    }
    return all[code];
  }

  private int[] ints() {
    int[] a = new int[count(Integer.BYTES, "shape dims")];
    in.asIntBuffer().get(a);
    in.position(in.position() + a.length * Integer.BYTES);
    return a;
  }

  private long[] longs(String what) {
    return longs(count(Long.BYTES, what));
  }

  private long[] longs(int n) {
    long[] a = new long[n];
    in.asLongBuffer().get(a);
    in.position(in.position() + a.length * Long.BYTES);
    return a;
  }

  private PlanOrigin origin() {
    String id = string();
    String fingerprint = string();
    String summary = string();
    String hash = string();
    int n = count(4, "waived checks");
    List<String> waived = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      waived.add(string());
    }
    return new PlanOrigin(id, fingerprint, summary, hash, waived);
  }

  private String string() {
    int n = in.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > in.remaining()) {
      throw malformed("a string of " + n + " bytes with " + in.remaining() + " left");
    }
    ByteBuffer bytes = in.slice(in.position(), n);
    in.position(in.position() + n);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("a string is not UTF-8");
    }
  }

  /** A count of elements each at least {@code minBytes} long: it must fit in what remains. */
  private int count(int minBytes, String what) {
    return checked(in.getInt(), minBytes, what);
  }

  private int checked(int n, int minBytes, String what) {
    if (n < 0 || (long) n * minBytes > in.remaining()) {
      throw malformed(n + " " + what + " cannot fit in the " + in.remaining() + " bytes left");
    }
    return n;
  }

  private PlanFileException malformed(String problem) {
    return new PlanFileException(PlanFileException.Reason.MALFORMED, source, problem);
  }
}
