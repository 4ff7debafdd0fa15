"""Writes the binary seed inputs of the fuzz targets (pickles, MAT files, safetensors, PyTorch checkpoints) into
<out-dir>/<target>/, made fresh by the libraries that define the formats (Debian's python3-numpy, -scipy, -torch;
scripts/setup installs them) — binary data is generated, never committed. Text seeds (CSV, YAML) stay in Fuzz/corpus.

Usage: make_seeds.py <out-dir>
"""
import json, os, pickle, struct, sys

import numpy as np
import scipy.io
import torch

out = sys.argv[1]


def write(target, name, data):
    os.makedirs(f"{out}/{target}", exist_ok=True)
    with open(f"{out}/{target}/{name}", "wb") as f:
        f.write(data)


for protocol in (2, 4):
    write("pickle", f"dict-p{protocol}.pkl", pickle.dumps({"a": [1, 2.5, "x"], "b": (True, None)}, protocol=protocol))
    write("pickle", f"numpy-p{protocol}.pkl",
          pickle.dumps({"w": np.arange(6, dtype=np.float32).reshape(2, 3)}, protocol=protocol))

for name, compress in (("plain.mat", False), ("zlib.mat", True)):
    path = f"{out}/mat/{name}"
    os.makedirs(f"{out}/mat", exist_ok=True)
    scipy.io.savemat(path, {"x": np.array([[1.0, 2.0], [3.0, 4.0]]), "s": "text", "c": {"n": np.int32(3)}},
                     do_compression=compress)

header = json.dumps({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                     "b": {"dtype": "F32", "shape": [1, 2], "data_offsets": [8, 16]}}).encode()
write("safetensors", "two.safetensors",
      struct.pack("<Q", len(header)) + header + struct.pack("<4f", 1.0, 2.0, 3.0, 4.0))

os.makedirs(f"{out}/torch", exist_ok=True)
state = {"conv.weight": torch.arange(6.0).reshape(2, 3), "conv.bias": torch.zeros(2)}
torch.save(state, f"{out}/torch/zip.pth")
torch.save(state, f"{out}/torch/legacy.pth", _use_new_zipfile_serialization=False)
