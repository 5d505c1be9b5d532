package cnnx.kernels.plan;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a plan as the payload of a plan file (format version {@link PlanFile#VERSION}); {@link PlanDecoder}
 * reads it back. Big-endian; strings as length + UTF-8 (length -1 for null); floats as raw bits so NaN
 * payloads survive; unordered maps sorted by key so that equal plans give equal bytes.
 */
final class PlanEncoder {
  static final byte FLOAT_CONSTANT = 0;
  static final byte LONG_CONSTANT = 1;
  static final byte ARG_BUFFER = 0;
  static final byte ARG_INT = 1;
  static final byte ARG_LONG = 2;
  static final byte ARG_FLOAT = 3;

  private static final int CHUNK = 8192;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
  private final DataOutputStream out = new DataOutputStream(bytes);

  private PlanEncoder() {}

  static byte[] encode(Plan plan) {
    PlanEncoder e = new PlanEncoder();
    try {
      e.plan(plan);
      e.out.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // a ByteArrayOutputStream does not fail
    }
    return e.bytes.toByteArray();
  }

  private void plan(Plan p) throws IOException {
    out.writeInt(p.programs().size());
    for (KernelSource k : p.programs()) {
      string(k.source());
      string(k.buildOptions());
    }
    out.writeInt(p.buffers().size());
    for (BufferSpec b : p.buffers()) {
      out.writeInt(b.id());
      string(b.value());
      out.writeByte(b.type().ordinal());
      out.writeLong(b.elements());
      out.writeInt(b.slot());
      ints(b.shape());
      out.writeInt(b.onnxType());
    }
    out.writeInt(p.slotBytes().size());
    for (long s : p.slotBytes()) {
      out.writeLong(s);
    }
    constants(p.constants());
    names(new TreeMap<>(p.inputs()));
    names(p.outputs());
    specs(p.inputSpecs());
    specs(p.outputSpecs());
    out.writeInt(p.launches().size());
    for (Launch l : p.launches()) {
      launch(l);
    }
    out.writeInt(p.loadLaunches());
    PlanOrigin o = p.origin();
    out.writeBoolean(o != null);
    if (o != null) {
      string(o.targetId());
      string(o.targetFingerprint());
      string(o.targetSummary());
      string(o.modelHash());
      out.writeInt(o.waivedChecks().size());
      for (String w : o.waivedChecks()) {
        string(w);
      }
    }
  }

  private void constants(Map<Integer, Object> constants) throws IOException {
    out.writeInt(constants.size());
    for (Map.Entry<Integer, Object> c : new TreeMap<>(constants).entrySet()) {
      out.writeInt(c.getKey());
      switch (c.getValue()) {
        case float[] f -> {
          out.writeByte(FLOAT_CONSTANT);
          floats(f);
        }
        case long[] l -> {
          out.writeByte(LONG_CONSTANT);
          longs(l);
        }
        default -> throw new IllegalArgumentException("constant of buffer " + c.getKey() + " is a "
            + c.getValue().getClass().getSimpleName() + "; a plan holds float[] or long[] constants");
      }
    }
  }

  private void launch(Launch l) throws IOException {
    string(l.kernelName());
    out.writeInt(l.program());
    out.writeInt(l.args().size());
    for (KernelArg a : l.args()) {
      switch (a) {
        case KernelArg.Buffer b -> {
          out.writeByte(ARG_BUFFER);
          out.writeInt(b.bufferId());
        }
        case KernelArg.Int i -> {
          out.writeByte(ARG_INT);
          out.writeInt(i.value());
        }
        case KernelArg.Long v -> {
          out.writeByte(ARG_LONG);
          out.writeLong(v.value());
        }
        case KernelArg.Float f -> {
          out.writeByte(ARG_FLOAT);
          out.writeInt(Float.floatToRawIntBits(f.value()));
        }
      }
    }
    longs(l.globalSize());
    long[] local = l.localSize();
    if (local == null) {
      out.writeInt(-1);
    } else {
      longs(local);
    }
    out.writeInt(l.onnxNodes().size());
    for (String n : l.onnxNodes()) {
      string(n);
    }
    out.writeInt(l.outputs().size());
    for (int b : l.outputs()) {
      out.writeInt(b);
    }
    string(l.note());
  }

  private void names(Map<String, Integer> m) throws IOException {
    out.writeInt(m.size());
    for (Map.Entry<String, Integer> e : m.entrySet()) {
      string(e.getKey());
      out.writeInt(e.getValue());
    }
  }

  private void specs(List<TensorSpec> specs) throws IOException {
    out.writeInt(specs.size());
    for (TensorSpec t : specs) {
      string(t.name());
      out.writeInt(t.onnxType());
      ints(t.shape());
    }
  }

  private void ints(int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) {
      out.writeInt(v);
    }
  }

  private void longs(long[] a) throws IOException {
    out.writeInt(a.length);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * Long.BYTES);
    for (int i = 0; i < a.length; i += CHUNK) {
      int n = Math.min(CHUNK, a.length - i);
      chunk.clear();
      chunk.asLongBuffer().put(a, i, n);
      out.write(chunk.array(), 0, n * Long.BYTES);
    }
  }

  /** Weights are most of a plan: written in chunks rather than one call per element. */
  private void floats(float[] a) throws IOException {
    out.writeInt(a.length);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * Float.BYTES);
    for (int i = 0; i < a.length; i += CHUNK) {
      int n = Math.min(CHUNK, a.length - i);
      chunk.clear();
      for (int j = 0; j < n; j++) {
        chunk.putInt(Float.floatToRawIntBits(a[i + j])); // raw: keeps NaN payloads
      }
      out.write(chunk.array(), 0, n * Float.BYTES);
    }
  }

  private void string(String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
