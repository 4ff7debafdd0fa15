"""Reference for the Swift unpickler tests (Tests/SerializationTests/Pickle/).

    python3 pickle_reference.py write DIR        writes DIR/p{0,2,4,5}.pkl (a fixed value covering every opcode
                                                 family) and prints the opcode names each file uses
    python3 pickle_reference.py render FILE      loads FILE with pickle (persistent ids -> ('pid', id)) and prints
                                                 its canonical text (see render below)

The canonical text is shared with `PickleCanonical.swift`: floats as IEEE bit patterns, strings/bytes as hex, dicts
in insertion order, set elements sorted by their rendering, numpy arrays as dtype + shape + order + C-order values.
"""
import collections
import pickle
import pickletools
import struct
import sys

import numpy as np


class Plain:
    def __init__(self):
        self.a = 1
        self.b = [1.5, "two"]


class WithNewArgs:
    """Pickled through NEWOBJ_EX in protocols 4 and 5."""

    def __new__(cls, x, *, k=0):
        o = super().__new__(cls)
        o.x, o.k = x, k
        return o

    def __getnewargs_ex__(self):
        return ((self.x,), {"k": self.k})


class External:
    def __init__(self, name):
        self.name = name


class PersistentPickler(pickle.Pickler):
    def __init__(self, f, protocol):
        super().__init__(f, protocol=protocol)
        self.protocol_number = protocol

    def persistent_id(self, obj):
        if isinstance(obj, External):
            return obj.name if self.protocol_number == 0 else ("ext", obj.name)
        return None


def value(protocol):
    shared = [1, 2]
    v = {
        "none": None, "true": True, "false": False,
        "ints": [0, 1, 255, 256, 65535, 65536, -1, -2**31, 2**31 - 1, 2**31, 2**63 - 1, -2**63, 2**40],
        "floats": [0.0, -1.5, 1e-300, float("inf"), float("-inf"), 3.141592653589793, float("nan")],
        "str": ["", "ascii", "é€😀", "line\nbreak\\back\r\x00\x1a", "x" * 300],
        "bytes": [b"", b"\x00\xff", bytes(range(256)), b"y" * 300],
        "bytearray": bytearray(b"abc"),
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "nested": {"a": {"b": [1, (2, {"c": None})]}},
        "set": {1, 2, 3}, "frozenset": frozenset({"x", "y"}),
        "shared": [shared, shared, shared],
        "keys": {1: "a", (1, 2): "b", None: "c", "s": "d"},
        "odict": collections.OrderedDict([("z", 1), ("a", 2)]),
        "obj": Plain(),
        "ext": [External("first"), External("second")],
        "np_f32": (np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(7)),
        "np_f64": np.linspace(-1, 1, 5),
        "np_i32": np.array([[1, -2], [3, 2**31 - 1]], dtype=np.int32),
        "np_i64": np.array([-2**63, 0, 2**63 - 1], dtype=np.int64),
        "np_u8": np.arange(250, 256, dtype=np.uint8),
        "np_bool": np.array([True, False, True]),
        "np_f16": np.array([0.5, -2.0, 65504.0, 1e-7], dtype=np.float16),
        "np_fortran": np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) + 0.25),
        "np_big_endian": np.array([1.5, -3.25], dtype=">f4"),
        "np_object": np.array([1, "a", None], dtype=object),
        "np_0d": np.array(3.0),
        "np_scalars": [np.float64(2.5), np.int64(-7), np.float32(0.1), np.bool_(True)],
        "empty": [[], {}, ()],
        "many": [[i] for i in range(300)],  # memo indices > 255: LONG_BINPUT / LONG_BINGET
    }
    v["many_again"] = v["many"]
    if protocol >= 4:
        v["newobj_ex"] = WithNewArgs(5, k=6)
    return v


def hexfloat(x):
    return "f:%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def render(o):
    if o is None:
        return "None"
    if isinstance(o, (bool, np.bool_)):
        return "True" if o else "False"
    if isinstance(o, (int, np.integer)):
        return "i:%d" % int(o)
    if isinstance(o, (float, np.floating)):
        return hexfloat(o)
    if isinstance(o, str):
        return "s:" + o.encode("utf-8", "surrogatepass").hex()
    if isinstance(o, (bytes, bytearray)):
        return "b:" + bytes(o).hex()
    if isinstance(o, np.ndarray):
        order = "F" if (o.ndim > 1 and o.flags.f_contiguous and not o.flags.c_contiguous) else "C"
        flat = o.ravel(order="C").tolist()
        return "nd(%s,%s,%s,[%s])" % (o.dtype.name, ",".join(map(str, o.shape)), order,
                                      ",".join(render(x) for x in flat))
    if isinstance(o, list):
        return "[" + ",".join(render(x) for x in o) + "]"
    if isinstance(o, tuple):
        return "(" + ",".join(render(x) for x in o) + ")"
    if isinstance(o, dict):
        return "{" + ",".join(render(k) + ":" + render(v) for k, v in o.items()) + "}"
    if isinstance(o, (set, frozenset)):
        return "set{" + ",".join(sorted(render(x) for x in o)) + "}"
    args, kwargs = o.__getnewargs_ex__() if hasattr(o, "__getnewargs_ex__") else ((), {})
    return "obj:%s.%s%s%s%s" % (type(o).__module__, type(o).__qualname__, render(tuple(args)), render(kwargs),
                                render(o.__dict__))


def main():
    if sys.argv[1] == "write":
        for protocol in (0, 2, 4, 5):
            path = "%s/p%d.pkl" % (sys.argv[2], protocol)
            with open(path, "wb") as f:
                PersistentPickler(f, protocol=protocol).dump(value(protocol))
            with open(path, "rb") as f:
                names = sorted({op.name for op, _, _ in pickletools.genops(f)})
            print("p%d %s" % (protocol, " ".join(names)))
    elif sys.argv[1] == "render":
        with open(sys.argv[2], "rb") as f:
            u = pickle.Unpickler(f)
            u.persistent_load = lambda pid: ("pid", pid)
            print(render(u.load()))


if __name__ == "__main__":
    main()
