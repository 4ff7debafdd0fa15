"""torch.nn.functional.conv2d on given inputs, for CNNTests: the PyTorch side of the convolution parity.

Usage: conv_reference.py <dir>   (reads case.json + input.f32/weight.f32/bias.f32, writes output.f32)
"""
import json, sys
import numpy as np
import torch

d = sys.argv[1]
case = json.load(open(f"{d}/case.json"))
x = torch.from_numpy(np.fromfile(f"{d}/input.f32", dtype=np.float32).reshape(1, case["in"], case["h"], case["w"]))
w = torch.from_numpy(np.fromfile(f"{d}/weight.f32", dtype=np.float32).reshape(
    case["out"], case["in"] // case["groups"], case["k"], case["k"]))
b = torch.from_numpy(np.fromfile(f"{d}/bias.f32", dtype=np.float32))
y = torch.nn.functional.conv2d(x, w, b, stride=case["stride"], padding=case["padding"], dilation=case["dilation"],
                               groups=case["groups"])
if case["activation"] == "relu":
    y = torch.relu(y)
elif case["activation"] == "relu6":
    y = torch.nn.functional.relu6(y)
y.numpy().astype(np.float32).tofile(f"{d}/output.f32")
