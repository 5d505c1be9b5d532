package cnnx.host.device.counting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.api.Cnnx;
import cnnx.api.CompileOptions;
import cnnx.api.DeviceInfo;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import cnnx.host.testing.TestModels;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A provider found only through ServiceLoader is listed, resolved, compiled for and run through the API. */
class ProviderSeamTest {
  @Test
  void aProviderOnTheClassPathIsADevice() {
    assertTrue(Cnnx.devices().stream().map(DeviceInfo::id).anyMatch("counting:0"::equals), Cnnx.devices().toString());
    float[] x = new float[3 * 12 * 12];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 3, 12, 12}, x));
    var model = Cnnx.load(TestModels.twoBlocks(), "two-blocks.onnx");
    Result expected;
    try (Session s = model.compile(CompileOptions.forDevice("reference")).newSession()) {
      expected = s.run(in);
    }
    int before = CountingProvider.RUNS.get();
    try (Session s = model.compile(CompileOptions.forDevice("counting")).newSession()) {
      Result got = s.run(in);
      assertEquals("counting:0", s.device());
      assertEquals("counting:0", got.provenance().device());
      assertArrayEquals(expected.output(0).floats(), got.output(0).floats());
    }
    assertEquals(before + 1, CountingProvider.RUNS.get());
  }
}
