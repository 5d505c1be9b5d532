#!/usr/bin/python3
"""Trains the small CNN bundled for `cnnx demo` and exports it with the images it is shown.

Needs Debian's python3-torch and dataset-fashion-mnist (run with /usr/bin/python3).
Writes fashion-cnn.onnx (opset 13, dynamic batch 'N', BatchNormalization kept as its own nodes)
and fashion-test-images.bin (count byte, then per image: label byte + 784 pixel bytes).
Usage: tools/train_fashion_cnn.py OUT_DIR
"""
import gzip
import sys

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist/"


def load(images, labels):
    with gzip.open(DATA + images) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(DATA + labels) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    return x, y


def block(cin, cout, pool):
    layers = [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
    if pool:
        layers.append(nn.MaxPool2d(2))
    return layers


def main(out):
    torch.manual_seed(7)
    torch.set_num_threads(2)
    body = nn.Sequential(*block(1, 16, True), *block(16, 32, True), *block(32, 64, False),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    model = nn.Sequential(body, nn.Softmax(dim=1))
    xtr, ytr = load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    xte, yte = load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    xt = torch.tensor(xtr, dtype=torch.float32) / 255
    yt = torch.tensor(ytr, dtype=torch.long)
    epochs = 6
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs * ((len(xt) + 127) // 128))
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            loss = loss_fn(body(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            pred = model(torch.tensor(xte, dtype=torch.float32) / 255).argmax(1).numpy()
        print(f"epoch {epoch}: test accuracy {(pred == yte).mean():.4f}", flush=True)
    dummy = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(model, dummy, out + "/fashion-cnn.onnx", opset_version=13,
                      input_names=["image"], output_names=["probabilities"],
                      dynamic_axes={"image": {0: "N"}, "probabilities": {0: "N"}},
                      do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)
    count = 32
    with open(out + "/fashion-test-images.bin", "wb") as f:
        f.write(bytes([count]))
        for i in range(count):
            f.write(bytes([int(yte[i])]))
            f.write(xte[i].tobytes())


if __name__ == "__main__":
    main(sys.argv[1])
