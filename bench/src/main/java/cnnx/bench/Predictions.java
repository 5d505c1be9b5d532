package cnnx.bench;

import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.CompileOptions;
import cnnx.api.Model;
import cnnx.api.PlacedLaunch;
import cnnx.api.Prediction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench --predict}: the performance model's prediction for each timed device beside device times measured
 * by event profiling (through the public API). Devices the model does not cover (ONNX Runtime, an unfused plan)
 * are left without one, and a device that cannot be profiled says why on stderr.
 */
final class Predictions {
  /** Timing runs per launch for the measured side (the median is kept). */
  static final int RUNS = 5;

  private Predictions() {}

  static List<DeviceResult> add(Path modelFile, List<DeviceResult> results, PrintWriter err) {
    Model model = Cnnx.load(modelFile);
    List<DeviceResult> out = new ArrayList<>();
    for (DeviceResult r : results) {
      if (!r.verified() || !covered(r.device())) {
        if (r.verified() && multiDevice(r.device())) {
          err.printf("cnnx bench: %s: --predict compares single devices; for its stages' prediction run"
              + " `cnnx plan MODEL --devices %s --objective throughput --explain`%n", r.device(),
              r.device().substring(r.device().indexOf(':') + 1).replace('+', ','));
        }
        out.add(r);
        continue;
      }
      try {
        Prediction p = model.predictVsMeasured(r.device(), CompileOptions.forDevice(r.device()).withBatch(r.batch()),
            RUNS);
        out.add(p.measured() ? r.withPredicted(of(p)) : r);
        if (!p.measured()) {
          err.printf("cnnx bench: %s: no per-launch device times to compare the prediction with%n", r.device());
        }
      } catch (CnnxException e) {
        err.printf("cnnx bench: %s: no prediction: %s%n", r.device(), e.getMessage());
        out.add(r);
      }
    }
    return out;
  }

  private static boolean covered(String device) {
    return !device.equals("onnxruntime") && !device.endsWith(Contenders.UNFUSED) && !multiDevice(device);
  }

  /** {@code pipeline:A+B} and {@code auto}: devices made of others, placed by the model rather than predicted. */
  private static boolean multiDevice(String device) {
    return device.startsWith("pipeline:") || device.equals("auto") || device.startsWith("auto:");
  }

  static DeviceResult.Predicted of(Prediction p) {
    List<DeviceResult.Predicted.Launch> launches = new ArrayList<>();
    for (int i = 0; i < p.launches().size(); i++) {
      PlacedLaunch l = p.launches().get(i);
      launches.add(new DeviceResult.Predicted.Launch(l.index(), l.kernel(), l.predictedMs(), p.measuredMs().get(i),
          p.atLoad(i)));
    }
    double device = p.predictedDeviceMs();
    return new DeviceResult.Predicted(p.method(), device, p.measuredDeviceMs(), p.totalMs(), p.measuredRunMs(),
        p.fractionWithin(0.3), launches);
  }
}
