package cnnx.host.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SignalChainingTest {
  @Test
  void theTestJvmHasLibjsigPreloadedAsTheLauncherDoes() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "skipped: no /proc/self/maps (not Linux)");
    assertEquals(SignalChaining.Loaded.YES, SignalChaining.loaded(), "LD_PRELOAD from the build (pom.xml)");
  }

  @Test
  void onlyTheLibraryItselfCounts() {
    String jsig = "7f12-7f13 r-xp 00000000 08:01 42 /usr/lib/jvm/temurin-25-jdk-amd64/lib/libjsig.so\n";
    String other = "7f14-7f15 r-xp 00000000 08:01 43 /usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so\n";
    assertTrue(SignalChaining.mentionsJsig(other + jsig));
    assertFalse(SignalChaining.mentionsJsig(other));
    assertFalse(SignalChaining.mentionsJsig(other + "7f16-7f17 r--p 00000000 08:01 44 /tmp/libjsig.so.bak\n"));
  }
}
