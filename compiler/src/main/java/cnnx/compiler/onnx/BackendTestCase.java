package cnnx.compiler.onnx;

import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A case in ONNX's backend-test layout: {@code model.onnx} plus {@code test_data_set_K/} folders of
 * {@code input_N.pb} and {@code output_N.pb}.
 */
public record BackendTestCase(Path dir, Path model, List<Path> dataSets) {
  private static final Pattern NUMBERED = Pattern.compile("(input|output)_(\\d+)\\.pb");

  public static BackendTestCase open(Path dir) {
    Path model = dir.resolve("model.onnx");
    if (!Files.isRegularFile(model)) {
      throw new InvalidModelException(dir + ": no model.onnx in the case folder");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> sets = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("test_data_set_"))
          .sorted(Comparator.comparingInt(BackendTestCase::setIndex)).toList();
      if (sets.isEmpty()) {
        throw new InvalidModelException(dir + ": no test_data_set_* folders");
      }
      return new BackendTestCase(dir, model, sets);
    } catch (IOException e) {
      throw new InvalidModelException(dir + ": cannot list the case folder: " + e.getMessage(), e);
    }
  }

  private static int setIndex(Path p) {
    try {
      return Integer.parseInt(p.getFileName().toString().substring("test_data_set_".length()));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  /** The data set's inputs keyed by the graph's input names (by stored name, else by position). */
  public static Map<String, Tensor> inputs(Graph graph, Path dataSet) {
    return InputBinding.bind(graph, numbered(dataSet, "input"), dataSet.toString());
  }

  /** The data set's expected outputs in file order. */
  public static List<Tensor> expectedOutputs(Path dataSet) {
    List<Tensor> out = new ArrayList<>();
    for (Path p : numbered(dataSet, "output")) {
      out.add(TensorFiles.read(p));
    }
    return out;
  }

  private static List<Path> numbered(Path dir, String kind) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = new ArrayList<>();
      s.forEach(p -> {
        Matcher m = NUMBERED.matcher(p.getFileName().toString());
        if (m.matches() && m.group(1).equals(kind)) {
          files.add(p);
        }
      });
      files.sort(Comparator.comparingInt(p -> {
        Matcher m = NUMBERED.matcher(p.getFileName().toString());
        m.matches();
        return Integer.parseInt(m.group(2));
      }));
      return files;
    } catch (IOException e) {
      throw new InvalidModelException(dir + ": cannot list: " + e.getMessage(), e);
    }
  }
}
