package cnnx.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fuzz targets' work bound fails on work that allocates past it, every time, and passes small work. */
class AllocationBoundTest {
  static volatile byte[] sink;

  @Test
  void workAllocatingPastTheBoundFailsAndSmallWorkPasses() {
    assertThrows(AssertionFailedError.class,
        () -> AllocationBound.within("a bomb", () -> sink = new byte[(int) AllocationBound.MAX_BYTES + 1]));
    assertDoesNotThrow(() -> AllocationBound.within("small", () -> sink = new byte[1 << 20]));
  }
}
