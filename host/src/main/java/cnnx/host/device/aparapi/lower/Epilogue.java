package cnnx.host.device.aparapi.lower;

import cnnx.host.device.aparapi.kernels.UnaryCode;

/** The activation a contraction kernel applies to its result: a {@link UnaryCode} and its parameters. */
record Epilogue(int op, float a, float b) {
  static final Epilogue NONE = new Epilogue(UnaryCode.IDENTITY, 0, 0);
}
