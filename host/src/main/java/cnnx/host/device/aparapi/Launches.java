package cnnx.host.device.aparapi;

import cnnx.host.cl.DeviceException;
import cnnx.host.device.aparapi.lower.Launcher;
import cnnx.host.device.aparapi.lower.Step;
import cnnx.host.exec.LaunchProvenance;
import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.JavaDevice;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The launches of one run on one device. After each, asks Aparapi where the kernel really ran
 * ({@link Kernel#isRunningCL()}, its target device): a launch that left OpenCL for Aparapi's thread pool is a
 * {@link DeviceException} naming the kernel and Aparapi's reason, unless the device is the thread pool by name.
 */
final class Launches implements Launcher {
  private static final int GROUP = 64;
  private static final Map<Class<?>, String> CLASS_HASHES = new HashMap<>();

  private final AparapiDevice device;
  private final KernelSet kernels;
  private final List<LaunchProvenance> records = new ArrayList<>();

  Launches(AparapiDevice device, KernelSet kernels) {
    this.device = device;
    this.kernels = kernels;
  }

  List<LaunchProvenance> records() {
    return records;
  }

  @Override
  public <K extends Kernel> K kernel(Class<K> type) {
    return kernels.get(type);
  }

  @Override
  public void launch(Kernel kernel, int size, Step step) {
    if (size == 0) {
      return;
    }
    String name = kernel.getClass().getSimpleName();
    List<String> warnings;
    AparapiLog.start();
    try {
      kernel.execute(range(size));
    } catch (RuntimeException | LinkageError e) {
      throw new DeviceException("aparapi launch " + records.size() + " (" + name + " for " + step.onnxNodes()
          + ") failed on " + device.id() + ": " + e);
    } finally {
      warnings = AparapiLog.stop();
    }
    boolean openCl = kernel.isRunningCL();
    String where;
    if (openCl) {
      where = "OpenCL on " + kernel.getTargetDevice().getShortDescription() + " '" + deviceName(kernel) + "'";
    } else if (device.threadPool()) {
      where = "JVM: Aparapi's Java thread pool (asked for)";
    } else {
      throw new DeviceException("aparapi kernel " + name + " (launch " + records.size() + ", nodes "
          + step.onnxNodes() + ") ran on Aparapi's Java thread pool instead of OpenCL on " + device.id() + ": "
          + reason(kernel, warnings) + ". To accept a JVM run, allow the fallback: --fallback aparapi-jtp"
          + " (API: CompileOptions.withFallback(\"aparapi-jtp\")) or --fallback reference");
    }
    String built = openCl ? "translated by Aparapi" : "none (JVM)";
    records.add(new LaunchProvenance(name, classHash(kernel.getClass()), built, step.onnxNodes(), false, where));
  }

  /** Padded to whole work-groups (the kernels guard their index) on OpenCL; Aparapi's own grouping on the JVM. */
  private Range range(int size) {
    if (device.threadPool()) {
      return Range.create(JavaDevice.THREAD_POOL, size);
    }
    int padded = (size + GROUP - 1) / GROUP * GROUP;
    return device.openCl() != null ? Range.create(device.openCl(), padded, GROUP) : Range.create(padded, GROUP);
  }

  private static String deviceName(Kernel kernel) {
    return kernel.getTargetDevice() instanceof com.aparapi.device.OpenCLDevice d ? d.getName()
        : String.valueOf(kernel.getTargetDevice());
  }

  private String reason(Kernel kernel, List<String> warnings) {
    if (!warnings.isEmpty()) {
      return String.join("; ", warnings);
    }
    AparapiRuntime.Found found = AparapiRuntime.discover();
    if (found.devices().isEmpty()) {
      return found.problem() + ", so it chose " + kernel.getTargetDevice().getShortDescription();
    }
    return "Aparapi chose " + kernel.getTargetDevice().getShortDescription() + " (execution mode "
        + kernel.getExecutionMode() + ")";
  }

  /** SHA-256 of the kernel's class file: the Java the OpenCL was translated from. */
  private static synchronized String classHash(Class<?> type) {
    return CLASS_HASHES.computeIfAbsent(type, t -> {
      try (InputStream in = t.getResourceAsStream(t.getSimpleName() + ".class")) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(in == null ? new byte[0] : in.readAllBytes());
        return HexFormat.of().formatHex(md.digest());
      } catch (IOException | NoSuchAlgorithmException e) {
        return "0".repeat(64);
      }
    });
  }
}
