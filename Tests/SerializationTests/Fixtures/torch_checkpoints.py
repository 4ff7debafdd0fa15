"""Saves a small state dict in PyTorch's zip and legacy formats, and its values as JSON, for SerializationTests.

Usage: torch_checkpoints.py <out-dir>
Covers float32/float64/float16/int64 storages, a transposed (non-contiguous) view, and two views of one storage.
"""
import collections, json, sys
import torch

out = sys.argv[1]
torch.manual_seed(0)
base = torch.randn(4, 6)
sd = collections.OrderedDict([
    ("conv.weight", torch.randn(3, 2, 3, 3)),
    ("conv.bias", torch.randn(3)),
    ("transposed", base.t()),
    ("view_a", base[1:3]),
    ("view_b", base[:, 2]),
    ("double", torch.randn(5, dtype=torch.float64)),
    ("half", torch.randn(7).half()),
    ("bn.num_batches_tracked", torch.tensor(42)),
])
torch.save(sd, f"{out}/zip.pth")
torch.save(sd, f"{out}/legacy.pth", _use_new_zipfile_serialization=False)
torch.save({"state_dict": sd, "epoch": 3}, f"{out}/wrapped.pth")
with open(f"{out}/expected.json", "w") as f:
    json.dump({k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                   "values": v.contiguous().reshape(-1).double().tolist()} for k, v in sd.items()}, f)
