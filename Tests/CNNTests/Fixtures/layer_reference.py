"""PyTorch's pooling, LRN, linear, cat and adaptive average pooling on given inputs, for CNNTests: the
PyTorch side of the single-layer parity.

Usage: layer_reference.py <dir>
  reads <dir>/case.json {"op": ..., "shapes": [[c, h, w], ...], "params": {...}} and <dir>/input<i>.f32 (one per
  shape), plus weight.f32 / bias.f32 for "linear"; writes <dir>/output.f32 (float32, C order).
"""
import json, sys
import numpy as np
import torch
import torch.nn.functional as F

d = sys.argv[1]
case = json.load(open(f"{d}/case.json"))
op, p = case["op"], case["params"]
xs = [torch.from_numpy(np.fromfile(f"{d}/input{i}.f32", dtype=np.float32).reshape(1, *shape))
      for i, shape in enumerate(case["shapes"])]
x = xs[0]
if op == "max_pool":
    y = F.max_pool2d(x, int(p["kernel"]), int(p["stride"]), int(p["padding"]), ceil_mode=bool(p["ceil"]))
elif op == "avg_pool":
    y = F.avg_pool2d(x, int(p["kernel"]), int(p["stride"]), int(p["padding"]), ceil_mode=bool(p["ceil"]),
                     count_include_pad=bool(p["include_pad"]))
elif op == "lrn":
    y = torch.nn.LocalResponseNorm(int(p["size"]), alpha=p["alpha"], beta=p["beta"], k=p["k"])(x)
elif op == "linear":
    w = torch.from_numpy(np.fromfile(f"{d}/weight.f32", dtype=np.float32)).reshape(int(p["outputs"]), -1)
    b = torch.from_numpy(np.fromfile(f"{d}/bias.f32", dtype=np.float32))
    y = F.linear(torch.flatten(x, 1), w, b)
    if p["relu"]:
        y = torch.relu(y)
elif op == "cat":
    y = torch.cat(xs, 1)
elif op == "adaptive_avg_pool":
    y = F.adaptive_avg_pool2d(x, (int(p["height"]), int(p["width"])))
else:
    raise SystemExit(f"unknown op {op}")
y.numpy().astype(np.float32).tofile(f"{d}/output.f32")
