"""Writes a tiny ground-truth pickle in revisitop's gnd_roxford5k.pkl layout, with numpy arrays, for DatasetsTests.

Usage: revisited_pickle.py <out-file> <protocol>
Database a0..a5; query 1 (image a0): easy [1, 2], hard [3], junk [4]; query 2 (image a5): easy [], hard [0], junk [].
"""
import pickle, sys
import numpy as np

gnd = [
    {"bbx": np.array([1.5, 2.0, 30.25, 40.0]), "easy": np.array([1, 2], dtype=np.int64),
     "hard": np.array([3], dtype=np.int32), "junk": np.array([4], dtype=np.int64)},
    {"bbx": [0.0, 0.0, 10.0, 10.0], "easy": np.array([], dtype=np.int64), "hard": [0], "junk": []},
]
data = {"imlist": [f"a{i}" for i in range(6)], "qimlist": ["a0", "a5"], "gnd": gnd}
with open(sys.argv[1], "wb") as f:
    pickle.dump(data, f, protocol=int(sys.argv[2]))
