package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.ir.ValueInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Matches tensor files to a model's inputs: by the name stored in each file, else by position. */
public final class InputBinding {
  private InputBinding() {}

  public static Map<String, Tensor> bind(Graph graph, List<Path> files, String where) {
    List<ValueInfo> declared = graph.inputs();
    if (files.size() != declared.size()) {
      throw new InvalidModelException(where + ": " + files.size() + " input files for "
          + declared.size() + " model inputs " + declared.stream().map(ValueInfo::name).toList());
    }
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String stored = TensorFiles.readName(files.get(i));
      boolean named = declared.stream().anyMatch(v -> v.name().equals(stored)) && !m.containsKey(stored);
      m.put(named ? stored : declared.get(i).name(), TensorFiles.read(files.get(i)));
    }
    if (m.size() != declared.size()) {
      throw new InvalidModelException(where + ": input files do not cover every model input "
          + declared.stream().map(ValueInfo::name).toList());
    }
    return m;
  }
}
