package cnnx.host.device.aparapi;

import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Node;
import cnnx.compiler.pass.FusionPolicy;
import cnnx.host.device.aparapi.lower.ModelLowering;

/** What a conv block may hold on the Aparapi devices: element-wise ops they have kernels for, a tiling pool. */
final class AparapiFusion implements FusionPolicy {
  @Override
  public boolean hasElementKernel(String opType) {
    return ModelLowering.hasElementKernel(opType);
  }

  @Override
  public boolean canFusePool(Node head, Node pool, Graph graph) {
    return head.opType().equals("Conv") && ModelLowering.isTilingPool(pool);
  }

  @Override
  public String poolNote(Node head, Node pool, Graph graph) {
    return "the Aparapi conv kernel takes a pool only where its windows tile the conv output (kernel = strides,"
        + " no padding, no dilation, floor mode)";
  }
}
