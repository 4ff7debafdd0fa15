"""Reference for the Swift PyTorch checkpoint reader tests (Tests/SerializationTests/Torch/).

    python3 torch_reference.py write DIR     saves DIR/{zip,legacy,wrapped,parallel,complex}.pth with torch (1.13 on Debian)
                                             and prints the reference text of the state dict
    python3 torch_reference.py describe FILE prints the reference text of a checkpoint as torch loads it
    python3 torch_reference.py summary FILE  one line per tensor: `name dtype shape sum first4` (sum of the float64
                                             values; first4 as float32 bit patterns), for large real checkpoints

Reference text: one line per tensor, `name dtype shape stride storage_offset values`, values of
`t.contiguous().flatten()` as IEEE bit patterns of float32 (`t.float()`) for floating dtypes, decimal for integers.
"""
import collections
import struct
import sys

import torch


def state_dict():
    g = torch.Generator().manual_seed(0)
    base = torch.randn(4, 6, generator=g)
    return collections.OrderedDict([
        ("conv.weight", torch.randn(3, 2, 3, 3, generator=g)),
        ("conv.bias", torch.randn(3, generator=g)),
        ("transposed", base.t()),                   # non-contiguous, shares base's storage
        ("rows", base[1:3]),                        # storage offset 6
        ("column", base[:, 2]),                     # stride 6
        ("stepped", base[::2, ::3]),
        ("float64", torch.randn(5, generator=g, dtype=torch.float64)),
        ("float16", torch.randn(7, generator=g).half()),
        ("bfloat16", torch.randn(4, generator=g).bfloat16()),
        ("int32", torch.tensor([[-5, 7], [2**31 - 1, -2**31]], dtype=torch.int32)),
        ("int16", torch.tensor([-300, 300], dtype=torch.int16)),
        ("int8", torch.tensor([-128, 127], dtype=torch.int8)),
        ("uint8", torch.arange(250, 256, dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True])),
        ("bn.num_batches_tracked", torch.tensor(42)),
        ("empty", torch.zeros(0, 3)),
    ])


def describe(sd):
    lines = []
    for name, t in sd.items():
        flat = t.contiguous().flatten()
        if t.is_floating_point():
            values = ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in flat.float().tolist()]
        else:
            values = [str(int(v)) for v in flat.tolist()]
        lines.append("%s %s [%s] [%s] %d %s" % (name, str(t.dtype).replace("torch.", ""),
                                               ",".join(map(str, t.shape)), ",".join(map(str, t.stride())),
                                               t.storage_offset(), ",".join(values)))
    return "\n".join(lines)


def main():
    if sys.argv[1] == "write":
        out = sys.argv[2]
        sd = state_dict()
        torch.save(sd, out + "/zip.pth")
        torch.save(sd, out + "/legacy.pth", _use_new_zipfile_serialization=False)
        torch.save({"epoch": 3, "state_dict": sd, "note": "x"}, out + "/wrapped.pth")
        torch.save(collections.OrderedDict(("module." + k, v) for k, v in sd.items()), out + "/parallel.pth",
                   _use_new_zipfile_serialization=False)
        torch.save({"z": torch.zeros(2, dtype=torch.complex64)}, out + "/complex.pth")  # unsupported dtype
        print(describe(sd))
    elif sys.argv[1] == "summary":
        sd = torch.load(sys.argv[2], map_location="cpu")
        for name, t in sd.items():
            flat = t.contiguous().flatten()
            first = ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in flat[:4].float().tolist()]
            print("%s %s [%s] %.17g %s" % (name, str(t.dtype).replace("torch.", ""), ",".join(map(str, t.shape)),
                                          flat.double().sum().item(), ",".join(first)))
    elif sys.argv[1] == "describe":
        sd = torch.load(sys.argv[2], map_location="cpu")
        print(describe(sd))


if __name__ == "__main__":
    main()
