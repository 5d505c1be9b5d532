package cnnx.api;

import cnnx.compiler.error.CnnxException;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.host.cl.DeviceException;
import cnnx.kernels.plan.PlanFileException;
import java.util.function.Supplier;

/** Turns the compiler's and runtime's typed failures into the API's {@link cnnx.api.CnnxException}. */
final class Failures {
  private Failures() {}

  static <T> T call(Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /** For user-given names (device specs, preset ids): a malformed one is invalid input. */
  static <T> T named(Supplier<T> body) {
    try {
      return call(body);
    } catch (IllegalArgumentException e) {
      throw new cnnx.api.CnnxException(cnnx.api.CnnxException.Kind.INVALID, e.getMessage(), e);
    }
  }

  static void run(Runnable body) {
    call(() -> {
      body.run();
      return null;
    });
  }

  static RuntimeException translate(RuntimeException e) {
    if (e instanceof cnnx.api.CnnxException) {
      return e;
    }
    if (e instanceof DeviceException) {
      return new cnnx.api.CnnxException(cnnx.api.CnnxException.Kind.DEVICE, e.getMessage(), e);
    }
    if (e instanceof UnsupportedModelException) {
      return new cnnx.api.CnnxException(cnnx.api.CnnxException.Kind.UNSUPPORTED, e.getMessage(), e);
    }
    if (e instanceof CnnxException c) {
      cnnx.api.CnnxException.Kind kind = switch (c.exitCode()) {
        case 1 -> cnnx.api.CnnxException.Kind.MISMATCH;
        case 3 -> cnnx.api.CnnxException.Kind.UNSUPPORTED;
        case 4 -> cnnx.api.CnnxException.Kind.DEVICE;
        default -> cnnx.api.CnnxException.Kind.INVALID;
      };
      return new cnnx.api.CnnxException(kind, e.getMessage(), e);
    }
    if (e instanceof PlanFileException) {
      return new cnnx.api.CnnxException(cnnx.api.CnnxException.Kind.INVALID, e.getMessage(), e);
    }
    return e;
  }
}
