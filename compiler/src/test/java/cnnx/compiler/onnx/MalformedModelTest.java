package cnnx.compiler.onnx;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.error.ModelException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.onnx.proto.OnnxProtos.StringStringEntryProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed models end in a typed error naming the problem, never another exception or a hang. */
class MalformedModelTest {
  private static OnnxModelBuilder reluModel() {
    return new OnnxModelBuilder().input("x", 1L, 4L).node("Relu", names("x"), names("y")).output("y");
  }

  private static <T extends ModelException> T rejects(Class<T> type, byte[] bytes, String expectedText) {
    T e = assertThrows(type, () -> new OnnxImporter().load(bytes, "m.onnx"));
    assertTrue(e.getMessage().contains(expectedText), "message '" + e.getMessage() + "' should mention '" + expectedText + "'");
    assertTrue(e.getMessage().startsWith("m.onnx"), "message names the file: " + e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void emptyFile() {
    rejects(InvalidModelException.class, new byte[0], "empty");
  }

  @Test
  void randomBytes() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < 50; i++) {
      byte[] b = new byte[1 + rnd.nextInt(2000)];
      for (int k = 0; k < b.length; k++) {
        b[k] = (byte) rnd.nextInt();
      }
      assertThrows(ModelException.class, () -> new OnnxImporter().load(b, "m.onnx"));
    }
  }

  @Test
  void everyTruncationOfAValidModel() {
    byte[] full = reluModel().initializer("w", new float[] {1, 2, 3, 4}, 4).toBytes();
    for (int n = 1; n < full.length; n++) {
      byte[] cut = Arrays.copyOf(full, n);
      try {
        new OnnxImporter().load(cut, "m.onnx");
      } catch (ModelException expected) {
        // a typed error is the only acceptable failure
      }
    }
  }

  @Test
  void negativeDimension() {
    TensorProto t = OnnxModelBuilder.floatTensor("w", new float[0]).toBuilder().addDims(-3).build();
    rejects(InvalidModelException.class, reluModel().initializer(t).toBytes(), "negative dimension");
  }

  @Test
  void overflowingDimensions() {
    TensorProto t = TensorProto.newBuilder().setName("w").setDataType(1)
        .addDims(1L << 40).addDims(1L << 40).setRawData(ByteString.copyFrom(new byte[16])).build();
    rejects(InvalidModelException.class, reluModel().initializer(t).toBytes(), "over the limit");
  }

  @Test
  void rawDataOfTheWrongSize() {
    TensorProto t = OnnxModelBuilder.floatTensor("w", new float[] {1, 2, 3}, 4);
    rejects(InvalidModelException.class, reluModel().initializer(t).toBytes(), "raw_data has 12 bytes");
  }

  @Test
  void typedDataOfTheWrongCount() {
    TensorProto t = TensorProto.newBuilder().setName("w").setDataType(1).addDims(3).addFloatData(1).build();
    rejects(InvalidModelException.class, reluModel().initializer(t).toBytes(), "has 1 elements");
  }

  @Test
  void inputThatNothingDefines() {
    byte[] m = new OnnxModelBuilder().input("x", 1L, 4L).node("Add", names("x", "ghost"), names("y")).output("y").toBytes();
    rejects(InvalidModelException.class, m, "'ghost'");
  }

  @Test
  void cycle() {
    byte[] m = new OnnxModelBuilder().input("x", 1L, 4L)
        .node("Add", names("x", "b"), names("a"))
        .node("Relu", names("a"), names("b"))
        .output("b").toBytes();
    rejects(InvalidModelException.class, m, "cycle");
  }

  @Test
  void valueWrittenTwice() {
    byte[] m = new OnnxModelBuilder().input("x", 1L, 4L)
        .node("Relu", names("x"), names("y"))
        .node("Relu", names("x"), names("y"))
        .output("y").toBytes();
    rejects(InvalidModelException.class, m, "written by both");
  }

  @Test
  void outputNeverComputed() {
    byte[] m = reluModel().output("nowhere").toBytes();
    rejects(InvalidModelException.class, m, "'nowhere'");
  }

  @Test
  void everyUnknownOpIsListed() {
    byte[] m = new OnnxModelBuilder().input("x", 1L, 4L)
        .node("FancyOp", names("x"), names("a"))
        .node("Relu", names("a"), names("b"))
        .node("OtherOp", names("b"), names("c"))
        .node("FancyOp", names("c"), names("y"))
        .output("y").toBytes();
    UnsupportedModelException e = rejects(UnsupportedModelException.class, m, "FancyOp");
    assertTrue(e.getMessage().contains("OtherOp"), e.getMessage());
    assertEquals(2, e.problems().size());
  }

  @Test
  void foreignDomain() {
    ModelProto.Builder m = reluModel().build().toBuilder();
    m.getGraphBuilder().getNodeBuilder(0).setDomain("com.example");
    rejects(UnsupportedModelException.class, m.build().toByteArray(), "com.example.Relu");
  }

  @Test
  void noGraph() {
    rejects(InvalidModelException.class, ModelProto.newBuilder().setIrVersion(8).build().toByteArray(), "no graph");
  }

  @Test
  void opsetNewerThanSupported() {
    rejects(UnsupportedModelException.class, reluModel().opset(99).toBytes(), "opset 99");
  }

  @Test
  void duplicateAttribute() {
    byte[] m = new OnnxModelBuilder().input("x", 1L, 4L)
        .node("LeakyRelu", names("x"), names("y"), attr("alpha", 0.1f), attr("alpha", 0.2f))
        .output("y").toBytes();
    rejects(InvalidModelException.class, m, "given twice");
  }

  @Test
  void externalDataFromBytesIsRefused() {
    TensorProto t = externalTensor("weights.bin");
    rejects(InvalidModelException.class, reluModel().initializer(t).toBytes(), "loaded from bytes");
  }

  @Test
  void externalDataOutsideTheFolderIsRefused(@TempDir Path dir) throws IOException {
    Path modelDir = Files.createDirectories(dir.resolve("model"));
    Files.write(dir.resolve("secret.bin"), new byte[16]);
    for (String location : new String[] {"../secret.bin", dir.resolve("secret.bin").toString(), "a/../../secret.bin",
        "..\\secret.bin", "./../secret.bin", "C:secret.bin", "~/secret.bin", "%2e%2e/secret.bin",
        "..%2fsecret.bin", "\u2025/secret.bin", "model/../../secret.bin", "//secret.bin", "secret.bin\u0000.txt"}) {
      Path model = modelDir.resolve("m.onnx");
      Files.write(model, reluModel().initializer(externalTensor(location)).toBytes());
      InvalidModelException e = assertThrows(InvalidModelException.class, () -> new OnnxImporter().load(model));
      assertTrue(e.getMessage().contains(location), e.getMessage());
    }
  }

  @Test
  void externalDataThroughASymlinkIsRefused(@TempDir Path dir) throws IOException {
    Path modelDir = Files.createDirectories(dir.resolve("model"));
    Path secret = Files.write(dir.resolve("secret.bin"), new byte[16]);
    Files.createSymbolicLink(modelDir.resolve("w.bin"), secret);
    Path model = modelDir.resolve("m.onnx");
    Files.write(model, reluModel().initializer(externalTensor("w.bin")).toBytes());
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> new OnnxImporter().load(model));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  @Test
  void externalDataThroughAHardLinkIsRefused(@TempDir Path dir) throws IOException {
    Path modelDir = Files.createDirectories(dir.resolve("model"));
    Path secret = Files.write(dir.resolve("secret.bin"), new byte[16]);
    Files.createLink(modelDir.resolve("w.bin"), secret);
    Path model = modelDir.resolve("m.onnx");
    Files.write(model, reluModel().initializer(externalTensor("w.bin")).toBytes());
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> new OnnxImporter().load(model));
    assertTrue(e.getMessage().contains("hard links"), e.getMessage());
  }

  @Test
  void externalDataInsideTheFolderLoads(@TempDir Path dir) throws IOException {
    byte[] data = new byte[16 + 8];
    java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).position(8)
        .putFloat(1).putFloat(2).putFloat(3).putFloat(4);
    Files.write(dir.resolve("w.bin"), data);
    TensorProto t = externalTensor("w.bin").toBuilder()
        .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("8")).build();
    Path model = dir.resolve("m.onnx");
    Files.write(model, reluModel().initializer(t).toBytes());
    assertEquals(3f, new OnnxImporter().load(model).initializers().get("w").floats()[2]);
  }

  @Test
  void externalDataRangeBeyondTheFile(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("w.bin"), new byte[8]);
    Path model = dir.resolve("m.onnx");
    Files.write(model, reluModel().initializer(externalTensor("w.bin")).toBytes());
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> new OnnxImporter().load(model));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
  }

  private static TensorProto externalTensor(String location) {
    return TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
        .build();
  }
}
