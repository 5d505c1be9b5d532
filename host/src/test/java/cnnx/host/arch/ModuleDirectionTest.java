package cnnx.host.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of the modules and packages: boards and device-kernels use only the
 * JDK; compiler never sees host; only cnnx.host.cl touches JOCL; the IR knows no passes.
 */
class ModuleDirectionTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      // the compiler's test utilities arrive as a tests jar, which the predefined option misses
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("cnnx");

  @Test
  void boardsAndKernelsDependOnNoOtherModule() {
    noClasses().that().resideInAnyPackage("cnnx.boards..", "cnnx.kernels..")
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.compiler..", "cnnx.host..", "cnnx.bench..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  void compilerNeverSeesHostOrBench() {
    noClasses().that().resideInAPackage("cnnx.compiler..")
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.host..", "cnnx.bench..")
        .check(CLASSES);
  }

  @Test
  void onlyTheClPackageImportsJocl() {
    noClasses().that().resideOutsideOfPackage("cnnx.host.cl..")
        .should().dependOnClassesThat().resideInAPackage("org.jocl..")
        .check(CLASSES);
  }

  @Test
  void irKnowsNoPassesOpsOrImport() {
    noClasses().that().resideInAPackage("cnnx.compiler.ir..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "cnnx.compiler.pass..", "cnnx.compiler.ops..", "cnnx.compiler.onnx..", "cnnx.compiler.interp..")
        .check(CLASSES);
  }

  @Test
  void opsDoNotDependOnPassesOrImport() {
    noClasses().that().resideInAPackage("cnnx.compiler.ops..")
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.compiler.pass..", "cnnx.compiler.onnx..")
        .check(CLASSES);
  }
}
