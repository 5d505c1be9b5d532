package cnnx.api;

import cnnx.compiler.onnx.BackendTestCase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX backend-test case folder: {@code model.onnx} and {@code test_data_set_N/input_K.pb, output_K.pb}.
 */
public final class TestCase {
  private final BackendTestCase inner;
  private final Model model;

  private TestCase(BackendTestCase inner, Model model) {
    this.inner = inner;
    this.model = model;
  }

  public static TestCase open(Path dir) {
    return open(dir, LoadOptions.strict());
  }

  /** As {@link #open(Path)}, loading the model as {@code options} say. */
  public static TestCase open(Path dir, LoadOptions options) {
    return Failures.call(() -> {
      BackendTestCase c = BackendTestCase.open(dir);
      return new TestCase(c, Cnnx.load(c.model(), options));
    });
  }

  public Model model() {
    return model;
  }

  /** The data-set folders, in order. */
  public List<Path> dataSets() {
    return inner.dataSets();
  }

  /** A data set's inputs, matched to the model's inputs. */
  public Map<String, Tensor> inputs(Path dataSet) {
    return Failures.call(() -> {
      Map<String, Tensor> out = new LinkedHashMap<>();
      BackendTestCase.inputs(model.graph(), dataSet).forEach((k, v) -> out.put(k, Tensor.wrap(v)));
      return out;
    });
  }

  /** A data set's expected outputs, in the model's output order. */
  public List<Tensor> expectedOutputs(Path dataSet) {
    return Failures.call(() -> BackendTestCase.expectedOutputs(dataSet).stream().map(Tensor::wrap).toList());
  }
}
