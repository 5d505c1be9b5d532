package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.host.cl.LiveObjects.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every wrapper is counted while open and released exactly once. */
class ClLiveObjectsTest {
  @Test
  void countsReturnToBaselineAfterExplicitCloses() {
    DeviceInfo device = OpenClTestDevice.require();
    LiveObjects.Snapshot baseline = LiveObjects.snapshot();
    try (ClContext context = ClContext.open(device)) {
      assertEquals(
          Map.of(Kind.CONTEXT, 1L, Kind.QUEUE, 1L), LiveObjects.snapshot().since(baseline));
      ClBuffer a = context.createBuffer(64, ClContext.Access.READ_WRITE);
      ClBuffer b = context.upload(new float[16]);
      ClProgram program = context.buildProgram(OpenClTestDevice.VECTOR_ADD, "");
      ClKernel kernel = program.kernel("vector_add");
      kernel.arg(0, a).arg(1, b).arg(2, a).arg(3, 16);
      ClEvent event = context.launch(kernel, new long[] {16}, null);
      assertEquals(
          Map.of(
              Kind.CONTEXT,
              1L,
              Kind.QUEUE,
              1L,
              Kind.BUFFER,
              2L,
              Kind.PROGRAM,
              1L,
              Kind.KERNEL,
              1L,
              Kind.EVENT,
              1L),
          LiveObjects.snapshot().since(baseline));
      event.await();
      event.close();
      kernel.close();
      program.close();
      a.close();
      b.close();
      b.close(); // a second close does nothing
      assertEquals(
          Map.of(Kind.CONTEXT, 1L, Kind.QUEUE, 1L), LiveObjects.snapshot().since(baseline));
    }
    assertEquals(Map.of(), LiveObjects.snapshot().since(baseline));
  }

  @Test
  void closingTheContextReleasesLeftovers() {
    DeviceInfo device = OpenClTestDevice.require();
    LiveObjects.Snapshot baseline = LiveObjects.snapshot();
    ClContext context = ClContext.open(device);
    ClBuffer buffer = context.createBuffer(64, ClContext.Access.READ_WRITE);
    ClProgram program = context.buildProgram(OpenClTestDevice.VECTOR_ADD, "");
    ClKernel kernel = program.kernel("vector_add");
    context.close();
    assertEquals(Map.of(), LiveObjects.snapshot().since(baseline));
    assertTrue(buffer.isClosed() && program.isClosed() && kernel.isClosed());
    context.close(); // idempotent
    assertEquals(Map.of(), LiveObjects.snapshot().since(baseline));
  }

  @Test
  void useAfterCloseIsRefused() {
    DeviceInfo device = OpenClTestDevice.require();
    ClContext context = ClContext.open(device);
    ClBuffer buffer = context.createBuffer(16, ClContext.Access.READ_WRITE);
    buffer.close();
    assertThrows(IllegalStateException.class, () -> buffer.write(new float[4]));
    context.close();
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> context.createBuffer(16, ClContext.Access.READ_WRITE));
    assertTrue(e.getMessage().contains("already closed"), e.getMessage());
  }
}
