package cnnx.host.kernels.quant;

import cnnx.compiler.testing.QuantModels;
import cnnx.host.testing.OpenClHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quantized ops' OpenCL kernels against their JVM twins (the reference interpreter), bit-exact
 * (rtol = atol = 0), fused and unfused, on the seeded random models of {@link QuantModels}.
 */
class QuantKernelsTest {
  private static void bitExact(QuantModels.Case c) {
    OpenClHarness.assertMatchesReference(c.bytes(), c.feeds(), 0, 0);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void quantizeLinear(long seed) {
    bitExact(QuantModels.quantizeLinear(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void dequantizeLinear(long seed) {
    bitExact(QuantModels.dequantizeLinear(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 3})
  void dynamicQuantizeLinear(long seed) {
    bitExact(QuantModels.dynamicQuantizeLinear(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void matMulInteger(long seed) {
    bitExact(QuantModels.matMulInteger(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void qLinearMatMul(long seed) {
    bitExact(QuantModels.qLinearMatMul(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void convInteger(long seed) {
    bitExact(QuantModels.convInteger(seed));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void qLinearConv(long seed) {
    bitExact(QuantModels.qLinearConv(seed));
  }
}
