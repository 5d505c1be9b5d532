package cnnx.compiler.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cnnx.compiler.Compiler;
import cnnx.compiler.ModelLoader;
import cnnx.compiler.error.InvalidModelException;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.HostileModels;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Size bombs: small models whose attributes or constants ask for outputs over the element limit or
 * whose size arithmetic overflows. Type inference (what {@code inspect} and every compiler run), the
 * reference interpreter and the compiler all refuse each one with the same one-line typed message
 * naming the node — before allocating anything of that size.
 */
class SizeLimitTest {
  @TempDir Path dir;

  static Stream<Arguments> bombs() {
    return HostileModels.sizeBombs().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bombs")
  void everyPathRefusesWithTheSameMessage(String name, Supplier<OnnxModelBuilder> model) throws Exception {
    Path file = dir.resolve("bomb.onnx");
    Files.write(file, model.get().toBytes());

    InvalidModelException typing = assertThrows(InvalidModelException.class, () -> ModelLoader.load(file), name);
    assertOneLineNamingANode(name, typing.getMessage(), model.get());

    Graph imported = new OnnxImporter().load(file);
    InvalidModelException reference = assertThrows(InvalidModelException.class,
        () -> new ReferenceInterpreter().run(imported, HostileModels.zeros(imported)), name);
    assertEquals(typing.getMessage(), reference.getMessage(), name + ": reference and type inference differ");

    InvalidModelException compiled = assertThrows(InvalidModelException.class,
        () -> new Compiler().compile(imported, Compiler.Options.defaults()), name);
    assertEquals(typing.getMessage(), compiled.getMessage(), name + ": compiler and type inference differ");
  }

  static void assertOneLineNamingANode(String name, String message, OnnxModelBuilder model) {
    assertTrue(message.indexOf('\n') < 0, name + ": one line: " + message);
    boolean named = model.build().getGraph().getNodeList().stream().anyMatch(n -> message.contains(n.getName()));
    assertTrue(named, name + ": '" + message + "' should name a node");
  }
}
