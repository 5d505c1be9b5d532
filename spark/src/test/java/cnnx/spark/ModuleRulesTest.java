package cnnx.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Spark integration uses cnnx through its public API only, as any user's job would. */
class ModuleRulesTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("cnnx.spark");

  @Test
  void theSparkModuleSeesOnlyThePublicApi() {
    classes().that().resideInAPackage("cnnx.spark..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("cnnx.api..", "cnnx.spark..", "org.apache.spark..",
            "scala..", "java..")
        .check(CLASSES);
  }
}
