package cnnx.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.BackendTestCase;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.ModelProto;
import cnnx.compiler.onnx.proto.OnnxProtos.NodeProto;
import cnnx.compiler.verify.TensorComparison;
import cnnx.compiler.verify.Tolerance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * ONNX's own backend node test cases (generated from the onnx package by
 * {@code tools/install-onnx-node-tests.sh} into {@code target/onnx-node-tests/node}): which of them
 * use only ops cnnx has, and one case checked against its expected outputs with a known-failures
 * list ("case: reason" per line) where a listed case that passes fails the build.
 */
public final class OnnxNodeSuite {
  /** ONNX's backend test default is rtol 1e-3; atol as everywhere else in cnnx's conformance runs. */
  public static final Tolerance TOLERANCE = Tolerance.DEFAULT;

  private OnnxNodeSuite() {}

  /** The node-case folder: -Dcnnx.onnxNodeTests, else target/onnx-node-tests/node of the checkout. */
  public static Path root() {
    String prop = System.getProperty("cnnx.onnxNodeTests");
    List<String> candidates = new ArrayList<>();
    if (prop != null && !prop.isEmpty()) {
      candidates.add(prop);
    }
    candidates.addAll(List.of("../target/onnx-node-tests/node", "target/onnx-node-tests/node"));
    for (String p : candidates) {
      if (Files.isDirectory(Path.of(p))) {
        return Path.of(p).toAbsolutePath().normalize();
      }
    }
    return null;
  }

  public static String absentReason() {
    return "ONNX node test cases are absent: run tools/install-onnx-node-tests.sh (./run-tests does)"
        + " or set -Dcnnx.onnxNodeTests=DIR";
  }

  /** Every case folder, sorted by name; empty when the cases are absent. */
  public static List<Path> cases() {
    Path root = root();
    if (root == null) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + root, e);
    }
  }

  /** The ops of the case's graph that cnnx does not have (other domains count as missing). */
  public static Set<String> missingOps(Path caseDir) {
    ModelProto m;
    try {
      m = ModelProto.parseFrom(Files.readAllBytes(caseDir.resolve("model.onnx")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + caseDir, e);
    }
    OnnxImporter importer = new OnnxImporter();
    Set<String> missing = new TreeSet<>();
    for (NodeProto n : m.getGraph().getNodeList()) {
      String op = n.getOpType();
      boolean defaultDomain = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
      if (!defaultDomain) {
        missing.add(n.getDomain() + "." + op);
      } else if (!importer.hasOp(op)) {
        missing.add(op);
      }
    }
    return missing;
  }

  /** The cases whose ops cnnx all has. */
  public static List<Path> casesWithKnownOps() {
    return cases().stream().filter(c -> missingOps(c).isEmpty()).toList();
  }

  /** "case: reason" lines of a test resource. */
  public static Map<String, String> knownFailures(String resource) {
    Map<String, String> m = new LinkedHashMap<>();
    try (InputStream in = OnnxNodeSuite.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || colon == line.length() - 1) {
          throw new IllegalStateException(resource + ": '" + line + "' needs 'case: reason'");
        }
        m.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  /**
   * Runs one case with {@code device} (imported graph, inputs → outputs in graph order) on every
   * data set and compares with the expected outputs; a known failure is skipped with its reason,
   * and fails when it passes.
   */
  public static void check(Path dir, Map<String, String> known,
      BiFunction<Graph, Map<String, Tensor>, List<Tensor>> device) {
    String name = dir.getFileName().toString();
    String reason = known.get(name);
    List<String> problems = new ArrayList<>();
    try {
      BackendTestCase c = BackendTestCase.open(dir);
      Graph g = new OnnxImporter().load(c.model());
      for (Path set : c.dataSets()) {
        List<Tensor> expected = BackendTestCase.expectedOutputs(set);
        List<Tensor> actual = device.apply(g, BackendTestCase.inputs(g, set));
        assertEquals(expected.size(), actual.size(), name + ": output count");
        for (int i = 0; i < expected.size(); i++) {
          TensorComparison cmp = TensorComparison.compare(expected.get(i), actual.get(i), TOLERANCE);
          if (!cmp.passed()) {
            problems.add(set.getFileName() + " output " + i + ": " + (cmp.problem() != null ? cmp.problem()
                : "element " + cmp.firstFailure() + " is " + actual.get(i).getDouble(cmp.firstFailure())
                    + ", expected " + expected.get(i).getDouble(cmp.firstFailure()) + "; max abs "
                    + cmp.maxAbsError()));
          }
        }
      }
    } catch (AssertionError e) {
      if (reason == null) {
        throw e;
      }
      problems.add(e.toString());
    } catch (RuntimeException e) {
      if (reason == null) {
        throw new AssertionError(name + ": " + e, e);
      }
      problems.add(e.toString());
    }
    if (reason != null) {
      if (problems.isEmpty()) {
        fail(name + " passes now: remove it from the known-failures list");
      }
      Assumptions.abort("known failure: " + reason + " (" + problems.get(0) + ")");
    }
    assertTrue(problems.isEmpty(), name + ": " + problems);
  }
}
