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
    JavaClasses offender = new ClassFileImporter().importClasses(ReachesPastTheApi.class);
    assertThrows(AssertionError.class, () -> PUBLIC_API_ONLY.check(offender));
  }

  /** Prints provenance with host's internal text helper instead of reading the API's record: what the rule refuses. */
  static final class ReachesPastTheApi {
    static String summary(cnnx.host.exec.Provenance p) {
      return cnnx.host.exec.ProvenanceText.summary(p);
    }
  }
}
