package cnnx.spark;

import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.CompileOptions;
import cnnx.api.CompiledModel;
import cnnx.api.Session;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What travels to the executors: a saved plan's bytes (for devices that run plans), an ONNX model's bytes (for
 * devices that run models directly, the reference), or both (a plan, and the model for a fallback device). The
 * driver reads the files; executors never see a path.
 *
 * @param plan the plan file's bytes, or null
 * @param onnx the ONNX file's bytes, or null
 * @param name where it came from, for messages
 * @param hash SHA-256 of what is shipped: with the device, the key of an executor's sessions
 */
record ShippedModel(byte[] plan, byte[] onnx, String name, String hash) implements Serializable {
  static ShippedModel of(byte[] plan, byte[] onnx, String name) {
    if (plan == null && onnx == null) {
      throw new CnnxException(CnnxException.Kind.INVALID, "nothing to score with: no plan and no ONNX model");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      if (plan != null) {
        sha.update(plan);
      }
      sha.update((byte) '|');
      if (onnx != null) {
        sha.update(onnx);
      }
      return new ShippedModel(plan, onnx, name, HexFormat.of().formatHex(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Reads a plan file or an ONNX file, whichever it is. */
  static ShippedModel read(Path file) {
    byte[] bytes = readAll(file);
    return Cnnx.isPlan(file) ? of(bytes, null, file.toString()) : of(null, bytes, file.toString());
  }

  static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The compiled model as the driver sees it, for shapes and output names (no device opened). */
  CompiledModel describe() {
    return plan != null ? loadPlan() : Cnnx.load(onnx, name).compile(CompileOptions.forDevice("reference"));
  }

  /**
   * Opens a session on {@code device} (null: the plan's own target, or the reference for a model): the plan when
   * one was shipped and the device runs plans, else the model compiled here for that device.
   */
  Session open(String device, int batch) {
    if (plan != null && (onnx == null || device == null || !device.startsWith("reference"))) {
      CompiledModel compiled = loadPlan();
      return device == null ? compiled.newSession() : compiled.newSession(device);
    }
    if (onnx == null) {
      throw new CnnxException(CnnxException.Kind.INVALID, name + " is a plan; " + device
          + " runs models directly: ship the ONNX model too");
    }
    String d = device == null ? "reference" : device;
    return Cnnx.load(onnx, name).compile(CompileOptions.forDevice(d).withBatch(batch)).newSession();
  }

  /** The API reads plans from files: one private copy per open, removed once read. */
  private CompiledModel loadPlan() {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("cnnx-", ".cnnxplan");
      Files.write(tmp, plan);
      return Cnnx.loadPlan(tmp);
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.DEVICE, "cannot stage the plan on this executor: " + e.getMessage(), e);
    } finally {
      if (tmp != null && !tmp.toFile().delete()) {
        tmp.toFile().deleteOnExit();
      }
    }
  }
}
