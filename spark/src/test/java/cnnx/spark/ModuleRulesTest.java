package cnnx.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The Spark integration uses cnnx through its public API only, as any user's job would. */
class ModuleRulesTest {
  private static final ArchRule PUBLIC_API_ONLY = classes().that().resideInAPackage("cnnx.spark..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("cnnx.api..", "cnnx.spark..", "org.apache.spark..",
          "scala..", "java..");

  @Test
  void theSparkModuleSeesOnlyThePublicApi() {
    PUBLIC_API_ONLY.check(new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("cnnx.spark"));
  }

  @Test
  void theRuleCatchesAClassThatReachesPastTheApi() {
    // this test reads host's provenance records directly: the rule must refuse it
    JavaClasses offender = new ClassFileImporter().importClasses(ProvenanceTextTest.class);
    assertThrows(AssertionError.class, () -> PUBLIC_API_ONLY.check(offender));
  }
}
