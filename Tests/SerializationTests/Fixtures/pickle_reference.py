"""Writes pickles of one object in several protocols, and the object as JSON, for SerializationTests.

Usage: pickle_reference.py <out-dir>
"""
import json, pickle, sys

out = sys.argv[1]
obj = {
    "ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31 - 1, 2**40, -2**62],
    "floats": [0.0, 1.5, -2.25, 1e-300, 3.141592653589793],
    "text": ["", "a", "ünïcødé", "x" * 300],
    "nested": {"list": [[1, 2], [3, [4, 5]]], "tuple": (1, "two", 3.0), "none": None, "t": True, "f": False},
    "shared": None,
}
shared = [7, 8, 9]
obj["shared"] = [shared, shared]
for protocol in [0, 1, 2, 3, 4, 5]:
    with open(f"{out}/p{protocol}.pkl", "wb") as f:
        pickle.dump(obj, f, protocol=protocol)
with open(f"{out}/object.json", "w") as f:
    json.dump(obj, f)
