package cnnx.host.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceSpecTest {
  @ParameterizedTest
  @CsvSource({
    "reference,reference,-1",
    "opencl,opencl,-1",
    "opencl:0,opencl,0",
    "opencl:12,opencl,12",
    "' opencl:3 ',opencl,3"
  })
  void parsesTheAcceptedForms(String text, String kind, int index) {
    DeviceSpec spec = DeviceSpec.parse(text);
    assertEquals(kind, spec.kind());
    assertEquals(index < 0 ? OptionalInt.empty() : OptionalInt.of(index), spec.index());
    assertEquals(text.strip(), spec.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "OpenCL",
        "opencl:",
        "opencl:-1",
        "opencl:x",
        "opencl:1:2",
        "opencl:99999999999",
        "opencl: 1"
      })
  void rejectsEverythingElseListingTheForms(String text) {
    var e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse(text));
    assertTrue(e.getMessage().contains("expected KIND or KIND:N, e.g. reference, opencl or opencl:N"), e.getMessage());
  }
}
