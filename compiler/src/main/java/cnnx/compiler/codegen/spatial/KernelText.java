package cnnx.compiler.codegen.spatial;

import cnnx.compiler.codegen.EpilogueWriter;
import cnnx.compiler.codegen.Hashes;
import cnnx.kernels.plan.KernelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assembles a contraction program: {@code #define}s for the specialised sizes, the epilogue
 * function, then the hand-written templates from {@code cnnx/kernels/}. The kernel is named by a
 * hash of the text, so equal specialisations share one program in a plan and in the binary cache.
 */
public final class KernelText {
  private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

  /** A program ready to add, and its kernel's name. */
  public record Built(String kernelName, KernelSource source) {}

  private KernelText() {}

  public static String resource(String path) {
    return RESOURCES.computeIfAbsent(path, p -> {
      try (InputStream in = KernelText.class.getResourceAsStream("/cnnx/kernels/" + p)) {
        if (in == null) {
          throw new IllegalStateException("kernel template missing from the class path: cnnx/kernels/" + p);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * @param defines macro name → value, in order
   * @param epilogue the fused steps' function (its extra buffers become EPI_PARAMS / EPI_ARGS)
   * @param epiMacro the EPI(...) macro's parameter list and body calling it
   * @param templates resource paths under cnnx/kernels/, concatenated in order
   */
  public static Built build(String prefix, Map<String, String> defines, EpilogueWriter.Written epilogue, String epiMacro,
      List<String> templates) {
    StringBuilder src = new StringBuilder();
    defines.forEach((k, v) -> src.append("#define ").append(k).append(' ').append(v).append('\n'));
    src.append("#define EPI_PARAMS ").append(epilogue.paramDecls()).append('\n');
    src.append("#define EPI_ARGS ").append(epilogue.callArgs()).append('\n');
    src.append(epilogue.functionSource());
    src.append("#define EPI").append(epiMacro).append('\n');
    for (String t : templates) {
      src.append(resource(t));
    }
    String text = src.toString();
    String name = prefix + "_" + Hashes.shortHash(text);
    return new Built(name, new KernelSource(text.replace("KERNEL_NAME", name), ""));
  }

  static String flag(boolean b) {
    return b ? "1" : "0";
  }
}
