package cnnx.host.exec;

import cnnx.compiler.ir.Tensor;
import java.util.Map;

/** Runs one model on one device. Closing releases everything the device holds for it. */
public interface ModelRunner extends AutoCloseable {
  /** The device's id and name, for reports. */
  String deviceLabel();

  RunResult run(Map<String, Tensor> inputs);

  @Override
  void close();
}
