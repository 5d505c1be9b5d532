package cnnx.host.cl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** JOCL stays inside cnnx.host.cl, and not even its public signatures leak it. */
class ClConfinementTest {
  private static final JavaClasses HOST =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("cnnx.host");

  @Test
  void onlyTheClPackageUsesJocl() {
    noClasses()
        .that()
        .resideOutsideOfPackage("cnnx.host.cl")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.jocl..")
        .check(HOST);
  }

  @Test
  void publicSignaturesDoNotMentionJocl() {
    List<String> leaks = new ArrayList<>();
    int inspected = 0;
    for (JavaClass javaClass : HOST) {
      Class<?> type = javaClass.reflect();
      if (!javaClass.getPackageName().equals("cnnx.host.cl")
          || !Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      inspected++;
      for (Executable member :
          Stream.concat(Arrays.stream(type.getMethods()), Arrays.stream(type.getConstructors()))
              .toList()) {
        if (!Modifier.isPublic(member.getModifiers())) {
          continue;
        }
        String signature = member.toGenericString();
        if (signature.contains("org.jocl")) {
          leaks.add(signature);
        }
      }
    }
    assertTrue(inspected >= 8, "inspected only " + inspected + " public classes");
    assertEquals(List.of(), leaks);
  }
}
