"""Reference for the Swift safetensors reader tests (Tests/SerializationTests/Safetensors/).

    python3 safetensors_reference.py DIR

Writes DIR/valid.safetensors with `struct` + `json` + numpy bytes (the `safetensors` package is not needed: the
format is an 8-byte little-endian header length, a JSON header, then the raw data), plus broken variants
DIR/<problem>.safetensors, and prints one line per tensor of the valid file in data order:
`name dtype [shape] values` (floats as float32 bit patterns of the value, integers in decimal).
"""
import json
import struct
import sys

import numpy as np

TENSORS = [
    ("conv.weight", "F32", np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2) / np.float32(7) - 1),
    ("conv.bias", "F64", np.array([0.1, -2.5, 1e-300])),
    ("half", "F16", np.array([0.5, -2.0, 65504.0, 1e-7], dtype=np.float16)),
    ("bf16", "BF16", np.array([0x3F80, 0xC040, 0x0001], dtype=np.uint16)),  # raw bfloat16 bits: 1, -3, tiny
    ("steps", "I64", np.array(-(2**40), dtype=np.int64).reshape(())),
    ("ids", "I32", np.array([[1, -2], [3, 2**31 - 1]], dtype=np.int32)),
    ("small", "I16", np.array([-300, 300], dtype=np.int16)),
    ("tiny", "I8", np.array([-128, 127], dtype=np.int8)),
    ("bytes", "U8", np.arange(250, 256, dtype=np.uint8)),
    ("u16", "U16", np.array([65535], dtype=np.uint16)),
    ("u32", "U32", np.array([4294967295], dtype=np.uint32)),
    ("mask", "BOOL", np.array([True, False, True])),
    ("empty", "F32", np.zeros((0, 3), dtype=np.float32)),
]


def write(path, header, data, pad=0):
    text = json.dumps(header).encode() + b" " * pad
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def layout(tensors):
    header, data = {"__metadata__": {"format": "pt"}}, b""
    for name, dtype, array in tensors:
        raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    return header, data


def value_text(dtype, array):
    if dtype == "BF16":
        flat = [struct.unpack("<f", struct.pack("<I", int(b) << 16))[0] for b in array.ravel()]
    else:
        flat = array.ravel().tolist()
    if dtype in ("F32", "F64", "F16", "BF16"):
        return ",".join("%08x" % struct.unpack("<I", struct.pack("<f", float(np.float32(v))))[0] for v in flat)
    return ",".join(str(int(v)) for v in flat)


def main():
    out = sys.argv[1]
    header, data = layout(TENSORS)
    write(out + "/valid.safetensors", header, data, pad=5)
    dtype_names = {"F32": "float32", "F64": "float64", "F16": "float16", "BF16": "bfloat16", "I64": "int64",
                   "I32": "int32", "I16": "int16", "I8": "int8", "U8": "uint8", "U16": "uint16", "U32": "uint32",
                   "BOOL": "bool"}
    for name, dtype, array in TENSORS:
        print("%s %s [%s] %s" % (name, dtype_names[dtype], ",".join(map(str, array.shape)), value_text(dtype, array)))

    h = json.loads(json.dumps(header))
    h["half"]["data_offsets"] = [b - 8 for b in h["half"]["data_offsets"]]
    write(out + "/overlap.safetensors", h, data)
    h = json.loads(json.dumps(header))
    h["ids"]["shape"] = [2, 3]
    write(out + "/size.safetensors", h, data)
    write(out + "/hole.safetensors", header, data + b"\0" * 4)
    h = json.loads(json.dumps(header))
    h["mask"]["dtype"] = "F8_E4M3"
    write(out + "/dtype.safetensors", h, data)
    with open(out + "/truncated.safetensors", "wb") as f:
        f.write(open(out + "/valid.safetensors", "rb").read()[:-10])
    with open(out + "/garbage.safetensors", "wb") as f:
        f.write(struct.pack("<Q", 4) + b"nope")


if __name__ == "__main__":
    main()
