"""The upstream EfficientNet-Lite0 — the weights' own architecture package, efficientnet-lite-pytorch 0.1.0, built with
`image_size=None` (TF 'SAME' padding per input size; see upstream.py) — run for CNNTests. Nothing here re-implements
the network: the Swift engine is compared with the package itself.

Usage:
  efficientnet_lite0.py random <out-dir> <h>x<w>...      seeded random weights (BN statistics randomised so folding is
                                                         exercised) saved as model.pth, plus input/features/logits at
                                                         each size
  efficientnet_lite0.py real <weights> <dir> <h>x<w>...  the real weights on <dir>/input_<h>x<w>.f32 (3×h×w), writes
                                                         features_<h>x<w>.f32 and logits_<h>x<w>.f32
  efficientnet_lite0.py symmetric <weights> <dir> <h>x<w>... the same network with every convolution padded
                                                         symmetrically by (k − 1)/2 (the suite's `padding: symmetric`
                                                         ablation), built by replacing the package's padding only
"""
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from upstream import efficientnet_lite0  # noqa: E402


def save(t, path):
    t.detach().numpy().astype(np.float32).tofile(path)


def sizes(args):
    return [tuple(int(v) for v in a.split("x")) for a in args]


def run(model, d, hw, make_input):
    h, w = hw
    x = make_input(h, w)
    with torch.no_grad():
        f = model.extract_features(x)
        logits = model(x)
    save(f, f"{d}/features_{h}x{w}.f32")
    save(logits, f"{d}/logits_{h}x{w}.f32")
    return x


def symmetric(model):
    """Every convolution of the package padded symmetrically by (k − 1)/2 instead of TF 'SAME'."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            k = m.kernel_size[0]
            m.forward = (lambda conv, p: lambda x: nn.functional.conv2d(
                x, conv.weight, conv.bias, conv.stride, p, conv.dilation, conv.groups))(m, (k - 1) // 2)
    return model


if __name__ == "__main__":
    torch.set_num_threads(2)
    mode = sys.argv[1]
    if mode == "random":
        out = sys.argv[2]
        torch.manual_seed(0)
        model = efficientnet_lite0()
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2); m.running_var.uniform_(0.5, 1.5)
        torch.save(model.state_dict(), f"{out}/model.pth")
        for hw in sizes(sys.argv[3:]):
            x = run(model, out, hw, lambda h, w: torch.randn(1, 3, h, w))
            save(x, f"{out}/input_{hw[0]}x{hw[1]}.f32")
    else:
        weights, d = sys.argv[2], sys.argv[3]
        model = efficientnet_lite0()
        model.load_state_dict(torch.load(weights, map_location="cpu"))
        if mode == "symmetric":
            model = symmetric(model)
        for hw in sizes(sys.argv[4:]):
            run(model, d, hw, lambda h, w: torch.from_numpy(
                np.fromfile(f"{d}/input_{h}x{w}.f32", dtype=np.float32).reshape(1, 3, h, w)))
