package cnnx.api;

import cnnx.host.exec.LaunchProvenance;
import cnnx.host.exec.ProvenanceText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outputs of one run, by name in the model's order, and where they came from. */
public final class Result {
  private final Map<String, Tensor> outputs;
  private final cnnx.host.exec.Provenance record;
  private final Provenance provenance;

  Result(Map<String, Tensor> outputs, cnnx.host.exec.Provenance record, String deviceId) {
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    this.record = record;
    this.provenance = publicView(record, deviceId);
  }

  public Map<String, Tensor> outputs() {
    return outputs;
  }

  /** The i-th output in the model's order. */
  public Tensor output(int i) {
    return new ArrayList<>(outputs.values()).get(i);
  }

  /** Device, driver, every launch's kernel and source hash, whether verified, and any fallback. */
  public Provenance provenance() {
    return provenance;
  }

  /** Provenance in one line. */
  public String provenanceSummary() {
    return ProvenanceText.summary(record);
  }

  /** One line per launch: kernel, source hash, build options, ONNX nodes. */
  public String provenanceLaunches() {
    return ProvenanceText.launches(record);
  }

  private static Provenance publicView(cnnx.host.exec.Provenance p, String deviceId) {
    List<Provenance.Launch> launches = new ArrayList<>(p.launches().size());
    for (LaunchProvenance l : p.launches()) {
      launches.add(new Provenance.Launch(l.kernel(), l.sourceHash(), l.buildOptions(), l.onnxNodes(),
          l.binaryFromCache(), l.ranOn()));
    }
    return new Provenance(deviceId, p.device(), p.driverVersion(), launches, p.verified(), p.fallbackFrom(), p.waived());
  }
}
