#!/usr/bin/env python3
"""Exports a narrow torchvision ShuffleNet-V2 through PyTorch's own ONNX exporter, with a symbolic batch.

It writes an ONNX test case (CASE_DIR/model.onnx and test_data_set_0 with an input of batch 2 and PyTorch's
output for it), kept as a test resource (host/src/test/resources/models/shufflenet_v2_narrow/): the
exporter's own patterns (channel shuffle as Reshape -> Transpose -> Reshape with shapes computed from
Shape/Gather/Concat, Split or Slice bounds from shape arithmetic), at a width that keeps the file small.
Run with Debian's python3-torch and python3-torchvision (apt-get install python3-torchvision):
    /usr/bin/python3 tools/export-shufflenet.py CASE_DIR
"""
import os
import sys

from onnx import numpy_helper

import torch
from torchvision.models.shufflenetv2 import ShuffleNetV2


def main(case):
    os.makedirs(os.path.join(case, 'test_data_set_0'), exist_ok=True)
    torch.manual_seed(7)
    net = ShuffleNetV2(stages_repeats=[2, 3, 2], stages_out_channels=[8, 16, 32, 64, 128], num_classes=10)
    # running statistics away from (0, 1), so that BatchNormalization matters
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    net.eval()
    x = torch.randn(1, 3, 64, 64)
    torch.onnx.export(net, x, os.path.join(case, 'model.onnx'), opset_version=13, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    x2 = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        y2 = net(x2)
    data = os.path.join(case, 'test_data_set_0')
    with open(os.path.join(data, 'input_0.pb'), 'wb') as f:
        f.write(numpy_helper.from_array(x2.numpy(), 'input').SerializeToString())
    with open(os.path.join(data, 'output_0.pb'), 'wb') as f:
        f.write(numpy_helper.from_array(y2.numpy(), 'logits').SerializeToString())


if __name__ == "__main__":
    main(sys.argv[1])
