package cnnx.host.cli;

import cnnx.compiler.analysis.MemoryBudget;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --memory-limit SIZE}: a positive size such as 512M or 2G; anything else is a usage error (exit 2). */
final class MemoryLimitConverter implements ITypeConverter<MemoryBudget> {
  @Override
  public MemoryBudget convert(String value) {
    try {
      return new MemoryBudget(MemoryBudget.parse(value), "--memory-limit");
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
