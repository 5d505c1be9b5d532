package cnnx.host.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import cnnx.host.cl.DeviceException;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of the modules and packages: boards and device-kernels use only the JDK; compiler
 * never sees host; execution code sees no compiler internals; each backend (JOCL, the interpreter) is seen only
 * by its provider; the CLI and the verifier use only the public API; the IR knows no passes.
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
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.compiler..", "cnnx.host..", "cnnx.api..",
            "cnnx.bench..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  void compilerNeverSeesHostOrBench() {
    noClasses().that().resideInAPackage("cnnx.compiler..")
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.host..", "cnnx.api..", "cnnx.bench..")
        .check(CLASSES);
  }

  @Test
  void executionCodeSeesNoCompilerInternals() {
    noClasses().that().resideInAPackage("cnnx.host.exec..")
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.compiler.pass..", "cnnx.compiler.codegen..",
            "cnnx.compiler.interp..", "cnnx.compiler.onnx..", "cnnx.compiler")
        .check(CLASSES);
  }

  @Test
  void theOpenClBackendIsSeenOnlyByItsProviderAndTheExecutorsItUses() {
    noClasses().that().resideOutsideOfPackages("cnnx.host.cl..", "cnnx.host.device.opencl..", "cnnx.host.exec..")
        .should().dependOnClassesThat(resideInAPackage("cnnx.host.cl..").and(not(equivalentTo(DeviceException.class))))
        .check(CLASSES);
  }

  @Test
  void theInterpreterIsSeenOnlyByTheReferenceProvider() {
    noClasses().that().resideInAnyPackage("cnnx.host..", "cnnx.api..")
        .and().resideOutsideOfPackage("cnnx.host.device.reference..")
        .should().dependOnClassesThat().resideInAPackage("cnnx.compiler.interp..")
        .check(CLASSES);
  }

  @Test
  void nothingOutsideAProviderNamesItsDevices() {
    for (String provider : new String[] {"cnnx.host.device.opencl..", "cnnx.host.device.reference.."}) {
      noClasses().that().resideOutsideOfPackage(provider)
          .should().dependOnClassesThat().resideInAPackage(provider)
          .check(CLASSES);
    }
  }

  @Test
  void theCliUsesOnlyThePublicApi() {
    classes().that().resideInAPackage("cnnx.host.cli..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("cnnx.api..", "cnnx.host.cli..", "picocli..", "java..",
            "me.tongfei.progressbar..", "com.fasterxml.jackson.databind..")
        .check(CLASSES);
  }

  @Test
  void theVerifierUsesOnlyThePublicApi() {
    classes().that().resideInAPackage("cnnx.api.verify..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("cnnx.api..", "java..", "javax.imageio..",
            "org.jfree..")
        .check(CLASSES);
  }

  @Test
  void schedulingKnowsNoCodeGenerationPassesOrDevices() {
    noClasses().that().resideInAPackage("cnnx.compiler.schedule..")
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.compiler.codegen..", "cnnx.compiler.pass..",
            "cnnx.compiler.interp..", "cnnx.compiler.onnx..")
        .check(CLASSES);
  }

  @Test
  void multiDeviceProvidersReachTheirMembersOnlyThroughTheRegistry() {
    noClasses().that().resideInAnyPackage("cnnx.host.device.multi..", "cnnx.host.schedule..")
        .should().dependOnClassesThat().resideInAnyPackage("cnnx.host.device.opencl..",
            "cnnx.host.device.reference..")
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
