#!/usr/bin/python3
"""The libtorch side of `cbir bench cnn`: the same network, weights, input size and thread count as the Swift
engine, run as TorchScript (traced, frozen, optimize_for_inference) on Debian's python3-torch.

Usage: cnn-reference-bench.py <architecture> <height> <width> <threads> <iterations> <min-seconds> <checkpoint-out>

Writes a randomly initialised (seed 0) state dict of the whole network to <checkpoint-out> when it does not exist
(the Swift side loads the same file), then prints one JSON object:
  seconds_per_image   median of the timed runs after 2 warm-up runs (batch 1): at least <iterations> runs and at
                      least <min-seconds> of them
  gflop               2 × multiply-accumulates of every convolution and linear layer up to the stop layer
  max_rss_mb          peak resident memory of this process
  torch               torch version
Stop layers (the retrieval feature maps): vgg16 conv5_3 (after ReLU), resnet50/101/152 layer4,
efficientnet_lite0 the last conv map (1280 channels; efficientnet-lite-pytorch 0.1.0 with image_size=None, whose
TF 'SAME' padding is an F.pad before each strided convolution), alexnet pool5, squeezenet1_1 the last fire module.
"""
import json
import os
import resource
import statistics
import sys
import time

import torch
import torchvision
from torch import nn


def truncated(architecture):
    """(full model whose state dict is saved, module that runs up to the stop layer)."""
    torch.manual_seed(0)
    if architecture == "efficientnet_lite0":
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "CNNTests", "Fixtures"))
        from upstream import efficientnet_lite0  # the weights' own package, TF 'SAME' padding (scripts/setup)
        model = efficientnet_lite0()

        class Features(nn.Module):
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, x):
                return self.m.extract_features(x)
        return model, Features(model)
    model = getattr(torchvision.models, architecture)(weights=None).eval()
    if architecture == "vgg16":
        return model, model.features[:30]
    if architecture.startswith("resnet"):
        return model, nn.Sequential(model.conv1, model.bn1, model.relu, model.maxpool,
                                    model.layer1, model.layer2, model.layer3, model.layer4)
    if architecture in ("alexnet", "squeezenet1_1"):
        return model, model.features
    raise SystemExit(f"cnn-reference-bench.py: unknown architecture {architecture}")


def flops(module, x):
    total = [0]

    def hook(m, inputs, output):
        if isinstance(m, nn.Conv2d):
            k = m.kernel_size[0] * m.kernel_size[1] * (m.in_channels // m.groups)
            total[0] += 2 * k * output.numel()
        elif isinstance(m, nn.Linear):
            total[0] += 2 * m.in_features * m.out_features
    handles = [m.register_forward_hook(hook) for m in module.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        module(x)
    for h in handles:
        h.remove()
    return total[0] / 1e9


def main():
    architecture, height, width, threads, iterations, min_seconds, checkpoint = sys.argv[1:8]
    height, width, threads, iterations = int(height), int(width), int(threads), int(iterations)
    min_seconds = float(min_seconds)
    torch.set_num_threads(threads)
    model, module = truncated(architecture)
    if not os.path.exists(checkpoint):
        torch.save(model.state_dict(), checkpoint + ".partial")
        os.replace(checkpoint + ".partial", checkpoint)
    x = torch.randn(1, 3, height, width)
    gflop = flops(module, x)
    with torch.no_grad():
        scripted = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(module.eval(), x)))
        for _ in range(2):
            scripted(x)
        times = []
        while len(times) < iterations or sum(times) < min_seconds:
            start = time.perf_counter()
            scripted(x)
            times.append(time.perf_counter() - start)
    print(json.dumps({"seconds_per_image": statistics.median(times), "gflop": gflop,
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
