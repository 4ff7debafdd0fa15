"""Exports a MATLAB ground-truth file of ../shared/datasets/groundtruth (Holidays, Oxford105k, Paris106k) as JSON,
read with scipy.io.loadmat, as an independent reference for DatasetsTests.

Usage: mat_groundtruth.py <gnd_*.mat> <out.json>
Output: {"images": feature_name (in the file's order),
         "queries": [{"row": query_list row (all columns), "ok": [image names], "junk": [image names],
                      "bbx": [x1, y1, x2, y2] or null}]}
The .mat indices are 1-based (MATLAB); they are turned into names here.
"""
import json, sys
import scipy.io as sio

m = sio.loadmat(sys.argv[1])
images = [str(x[0]) for x in m["feature_name"].ravel()]
queries = []
for i, g in enumerate(m["gnd"].ravel()):
    def names(key):
        return [images[int(j) - 1] for j in g[key].ravel()]
    bbx = [float(v) for v in g["bbx"].ravel()] if "bbx" in g.dtype.names else None
    row = [str(c[0]) if c.size else "" for c in m["query_list"][i]]
    queries.append({"row": row, "ok": names("ok"), "junk": names("junk"), "bbx": bbx})
with open(sys.argv[2], "w") as f:
    json.dump({"images": images, "queries": queries}, f)
