package cnnx.compiler.reliability;

import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading allocates at most 2 × file size + 16 MiB, measured with the thread's allocated-bytes
 * counter: the file's bytes, the decoded tensors, and small change.
 */
class LoadMemoryTest {
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  @Test
  void loadingAModelOfLargeWeightsStaysWithinTwiceItsSize(@TempDir Path dir) throws IOException {
    int n = 6 * 1024 * 1024; // 24 MiB of float weights
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = i * 1e-3f;
    }
    byte[] model = new OnnxModelBuilder().input("x", 1L, (long) n)
        .initializer("w", w, 1, n)
        .node("Add", names("x", "w"), names("y")).output("y").toBytes();
    w = null;
    Path file = Files.write(dir.resolve("big.onnx"), model);
    long size = model.length;
    model = null;
    new OnnxImporter().load(file); // warm up class loading and static tables
    long before = allocated();
    new OnnxImporter().load(file);
    long used = allocated() - before;
    assertTrue(used <= 2 * size + (16L << 20), "loading a " + size + "-byte model allocated " + used + " bytes");
  }

  @Test
  void aDeclaredHugeTensorAllocatesNothingBeforeItIsRejected() {
    // raw_data of 8 bytes claiming 2^28 floats: must fail on the size check, not allocate 1 GiB
    var t = cnnx.compiler.onnx.proto.OnnxProtos.TensorProto.newBuilder().setName("w").setDataType(1)
        .addDims(1 << 28).setRawData(com.google.protobuf.ByteString.copyFrom(new byte[8])).build();
    byte[] model = new OnnxModelBuilder().input("x", 1L).initializer(t)
        .node("Relu", names("x"), names("y")).output("y").toBytes();
    long before = allocated();
    try {
      new OnnxImporter().load(model, "huge.onnx");
    } catch (cnnx.compiler.error.InvalidModelException expected) {
      // expected
    }
    assertTrue(allocated() - before < (16L << 20), "allocated " + (allocated() - before));
  }
}
