package cnnx.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel builds reported through the API as an OpenCL session loads its plan. */
class SessionProgressTest {
  record Report(String task, long done, long total) {}

  @Test
  void eachProgramBuiltIsReportedUpToTheTotal() throws Exception {
    assumeTrue(Cnnx.devices().stream().anyMatch(d -> d.kind().equals("opencl")), "no OpenCL device here");
    byte[] bytes;
    try (InputStream in = SessionProgressTest.class.getResourceAsStream("/cnnx/demo/fashion-cnn.onnx")) {
      bytes = in.readAllBytes();
    }
    CompiledModel compiled = Cnnx.load(bytes, "fashion-cnn.onnx").compile(CompileOptions.forDevice("opencl")
        .withBatch(3));
    List<Report> reports = new ArrayList<>();
    try (Session s = compiled.newSession((task, done, total) -> reports.add(new Report(task, done, total)))) {
      assertFalse(reports.isEmpty());
    }
    assertEquals(compiled.programCount(), reports.size(), reports.toString());
    for (int i = 0; i < reports.size(); i++) {
      assertEquals(new Report("building kernels", i + 1, compiled.programCount()), reports.get(i));
    }
    assertTrue(compiled.programCount() > 1);
  }
}
