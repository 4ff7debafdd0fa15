"""torch.nn.functional.conv2d on given inputs, for CNNTests: the PyTorch side of the convolution parity. Cases with
"same" run the EfficientNet package's own Conv2dDynamicSamePadding (TF 'SAME' padding; see upstream.py).

Usage: conv_reference.py <dir>   (reads case.json + input.f32/weight.f32/bias.f32, writes output.f32)
"""
import json, os, sys
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from upstream import same_padding_conv2d  # noqa: E402

d = sys.argv[1]
case = json.load(open(f"{d}/case.json"))
x = torch.from_numpy(np.fromfile(f"{d}/input.f32", dtype=np.float32).reshape(1, case["in"], case["h"], case["w"]))
w = torch.from_numpy(np.fromfile(f"{d}/weight.f32", dtype=np.float32).reshape(
    case["out"], case["in"] // case["groups"], case["k"], case["k"]))
b = torch.from_numpy(np.fromfile(f"{d}/bias.f32", dtype=np.float32))
if case.get("same"):
    conv = same_padding_conv2d()(case["in"], case["out"], case["k"], stride=case["stride"], dilation=case["dilation"],
                                 groups=case["groups"], bias=True)
    with torch.no_grad():
        conv.weight.copy_(w); conv.bias.copy_(b)
        y = conv(x)
else:
    y = torch.nn.functional.conv2d(x, w, b, stride=case["stride"], padding=case["padding"], dilation=case["dilation"],
                                   groups=case["groups"])
if case["activation"] == "relu":
    y = torch.relu(y)
elif case["activation"] == "relu6":
    y = torch.nn.functional.relu6(y)
y.numpy().astype(np.float32).tofile(f"{d}/output.f32")
