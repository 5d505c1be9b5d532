package cnnx.host.cli;

import cnnx.api.CompileOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The {@code --memory-limit SIZE} option of the commands that compile or run a model. */
final class MemoryLimitOption {
  @Option(names = "--memory-limit", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Refuse (exit 2, naming the largest tensors) a model whose plan or reference run needs more"
          + " than SIZE (e.g. 512M, 2G), before allocating it. Default: the device's global memory and half the"
          + " free JVM heap")
  long bytes;

  /** The options with the limit, when one was given. */
  CompileOptions apply(CompileOptions o) {
    return bytes == 0 ? o : o.withMemoryLimit(bytes);
  }

  boolean given() {
    return bytes != 0;
  }

  /** Sizes as {@link CompileOptions#parseMemoryLimit} reads them; anything else is a usage error. */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return CompileOptions.parseMemoryLimit(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
