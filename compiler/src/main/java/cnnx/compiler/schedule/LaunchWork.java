package cnnx.compiler.schedule;

import cnnx.boards.fpga.ConvShape;
import java.util.List;
import java.util.Optional;

/**
 * What one launch of a plan does, in the terms a performance model reasons about: multiply-accumulates (from
 * the ops' declared {@link cnnx.compiler.ops.Cost}), bytes read and written at the plan's layout (its buffers),
 * the values it reads from and writes for other launches, and its conv shape when it is one.
 *
 * @param index position in the plan
 * @param kernel kernel function name
 * @param family the kernel family (name without its hash: "conv", "maxpool", "gemm_dot", ...)
 * @param onnxNodes the ONNX nodes it computes
 * @param macs multiply-accumulates
 * @param bytesRead bytes of every buffer it reads, weights included
 * @param bytesWritten bytes of every buffer it writes
 * @param consumes graph values it reads that another launch or the caller produced (not weights), with bytes
 * @param produces graph values it writes, with bytes
 * @param conv its contraction as a conv engine sees it, when it is a Conv or Gemm
 */
public record LaunchWork(int index, String kernel, String family, List<String> onnxNodes, long macs, long bytesRead,
    long bytesWritten, List<Value> consumes, List<Value> produces, Optional<ConvShape> conv) {
  public LaunchWork {
    onnxNodes = List.copyOf(onnxNodes);
    consumes = List.copyOf(consumes);
    produces = List.copyOf(produces);
  }

  /** A graph value and its size. */
  public record Value(String name, long bytes) {}

  public long flops() {
    return 2 * macs;
  }

  public long bytes() {
    return bytesRead + bytesWritten;
  }
}
