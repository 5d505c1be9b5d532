package cnnx.host.cl;

import cnnx.compiler.error.CnnxException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device could not do what was asked: no such device, an OpenCL call failed, a program did not
 * build. OpenCL failures name the call and the error code (e.g. {@code CL_OUT_OF_RESOURCES}).
 */
public final class DeviceException extends CnnxException {
  private final String call;
  private final Integer errorCode;
  private final String buildLog;

  public DeviceException(String message) {
    this(message, null, null, null, null);
  }

  public DeviceException(String message, Throwable cause) {
    this(message, cause, null, null, null);
  }

  private DeviceException(
      String message, Throwable cause, String call, Integer errorCode, String buildLog) {
    super(message, cause);
    this.call = call;
    this.errorCode = errorCode;
    this.buildLog = buildLog;
  }

  /** An OpenCL call returned {@code code}; {@code detail} (may be empty) says what was asked. */
  public static DeviceException clError(String call, int code, String detail) {
    String message = call + " failed: " + ClErrors.describe(code);
    if (detail != null && !detail.isEmpty()) {
      message += " (" + detail + ")";
    }
    return new DeviceException(message, null, call, code, null);
  }

  /** A program did not build; the message carries the compiler's log. */
  static DeviceException buildFailed(String call, int code, String deviceName, String log) {
    String shownLog =
        log == null || log.isBlank() ? "(the compiler left no build log)" : log.strip();
    String message =
        call
            + " failed on "
            + deviceName
            + ": "
            + ClErrors.describe(code)
            + "\nbuild log:\n"
            + shownLog;
    return new DeviceException(message, null, call, code, log == null ? "" : log);
  }

  /** The OpenCL entry point that failed, when an OpenCL call failed. */
  public Optional<String> call() {
    return Optional.ofNullable(call);
  }

  /** The OpenCL error code, when an OpenCL call failed. */
  public OptionalInt errorCode() {
    return errorCode == null ? OptionalInt.empty() : OptionalInt.of(errorCode);
  }

  /** The symbolic name of {@link #errorCode()}, e.g. {@code CL_BUILD_PROGRAM_FAILURE}. */
  public Optional<String> errorName() {
    return errorCode == null ? Optional.empty() : Optional.of(ClErrors.name(errorCode));
  }

  /** The compiler's output, when a program failed to build. */
  public Optional<String> buildLog() {
    return Optional.ofNullable(buildLog);
  }

  @Override
  public int exitCode() {
    return 4;
  }
}
