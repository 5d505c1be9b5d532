package cnnx.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden text files under src/test/resources/golden. Run with -Dgolden.update=true to (re)write
 * them; review the diff like code.
 */
public final class Golden {
  private Golden() {}

  public static void assertMatches(String relativePath, String actual) {
    Path file = Path.of("src/test/resources/golden").resolve(relativePath);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual);
        return;
      }
      if (!Files.exists(file)) {
        fail("no golden file " + file + "; run the test with -Dgolden.update=true and review it");
      }
      assertEquals(Files.readString(file), actual, "differs from golden " + file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
