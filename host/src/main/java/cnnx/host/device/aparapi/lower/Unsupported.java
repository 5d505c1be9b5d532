package cnnx.host.device.aparapi.lower;

/** Why one node cannot be expressed with the Aparapi kernels; collected per node into one UNSUPPORTED error. */
public final class Unsupported extends RuntimeException {
  public Unsupported(String reason) {
    super(reason, null, false, false);
  }
}
