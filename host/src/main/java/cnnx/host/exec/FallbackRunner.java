package cnnx.host.exec;

import cnnx.compiler.error.CnnxException;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Tensor;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs on a primary device and, only because the caller asked for it, on a fallback device when
 * the primary cannot compile or run the model. A fallback result says so in its provenance;
 * invalid inputs never fall back (they would fail anywhere).
 */
public final class FallbackRunner implements ModelRunner {
  private final Supplier<ModelRunner> primaryFactory;
  private final ModelRunner fallback;
  private ModelRunner primary;
  private String primaryFailure;

  public FallbackRunner(Supplier<ModelRunner> primary, ModelRunner fallback) {
    this.primaryFactory = primary;
    this.fallback = fallback;
  }

  @Override
  public String deviceLabel() {
    return primary != null ? primary.deviceLabel() : fallback.deviceLabel() + " (fallback)";
  }

  @Override
  public synchronized RunResult run(Map<String, Tensor> inputs) {
    try {
      if (primaryFailure == null) {
        if (primary == null) {
          primary = primaryFactory.get();
        }
        return primary.run(inputs);
      }
    } catch (InvalidModelException e) {
      throw e;
    } catch (CnnxException e) {
      primaryFailure = e.getMessage();
      closePrimary();
    }
    RunResult r = fallback.run(inputs);
    Provenance p = r.provenance();
    return new RunResult(r.outputs(), new Provenance(p.device(), p.driverVersion(), p.launches(), p.verified(),
        "primary device failed: " + primaryFailure));
  }

  private void closePrimary() {
    if (primary != null) {
      try {
        primary.close();
      } catch (RuntimeException ignored) {
        // the primary is already broken; its failure is what gets reported
      }
      primary = null;
    }
  }

  @Override
  public synchronized void close() {
    closePrimary();
    fallback.close();
  }
}
