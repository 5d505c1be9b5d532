package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.LoadOptions;
import cnnx.api.Model;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --allow-newer-opset} opt-in of the commands that load an ONNX model. */
final class LoadOption {
  @Option(names = "--allow-newer-opset",
      description = "Load a model whose IR version or opset is newer than cnnx knows (refused by default, exit 3),"
          + " at your risk; the run's provenance records it")
  boolean allowNewer;

  LoadOptions options() {
    return allowNewer ? LoadOptions.allowingNewerVersions() : LoadOptions.strict();
  }

  Model load(Path file) {
    return Cnnx.load(file, options());
  }
}
