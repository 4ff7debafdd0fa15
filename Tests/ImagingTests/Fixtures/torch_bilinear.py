"""PyTorch reference for the `bilinear` (non-antialiased) filter: torch.nn.functional.interpolate(mode="bilinear",
align_corners=False) on the 0…255 values of an interleaved RGB image.

Usage: torch_bilinear.py <dir> <w> <h> <out_w>x<out_h>...
Reads <dir>/input.rgb (h×w×3 bytes); writes <dir>/bilinear_<out_w>x<out_h>.f32 (the float result, h×w×3 interleaved).
"""
import sys
import numpy as np
import torch

d, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = torch.from_numpy(np.fromfile(f"{d}/input.rgb", dtype=np.uint8).reshape(h, w, 3).astype(np.float32))
x = x.permute(2, 0, 1)[None]
for size in sys.argv[4:]:
    ow, oh = (int(v) for v in size.split("x"))
    y = torch.nn.functional.interpolate(x, size=(oh, ow), mode="bilinear", align_corners=False)
    y[0].permute(1, 2, 0).contiguous().numpy().astype(np.float32).tofile(f"{d}/bilinear_{ow}x{oh}.f32")
