package cnnx.api;

import cnnx.host.exec.Provenance;
import cnnx.host.exec.ProvenanceText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outputs of one run, by name in the model's order, and where they came from. */
public final class Result {
  private final Map<String, Tensor> outputs;
  private final Provenance provenance;

  Result(Map<String, Tensor> outputs, Provenance provenance) {
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    this.provenance = provenance;
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
    return ProvenanceText.summary(provenance);
  }

  /** One line per launch: kernel, source hash, build options, ONNX nodes. */
  public String provenanceLaunches() {
    return ProvenanceText.launches(provenance);
  }
}
