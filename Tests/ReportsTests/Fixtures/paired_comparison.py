"""Golden values of Tests/ReportsTests/PairedComparisonTests.swift, independent of the Swift code:
the sign-flip randomisation test and the percentile bootstrap transcribed with numpy and a SplitMix64 in Python, and
the exact randomisation p-value by enumerating all 2^n sign vectors."""
import itertools
import numpy as np

M = 2**64
def splitmix64(seed):
    s = seed
    while True:
        s = (s + 0x9E3779B97F4A7C15) % M
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % M
        yield z ^ (z >> 31)

a = [0.50, 0.30, 0.90, 0.10, 0.75, 0.40, None, 0.60, 0.20, 0.85, 0.55]
b = [0.70, 0.35, 0.85, 0.40, 0.80, 0.45, 0.50, 0.90, 0.10, 0.95, 0.65]
d = np.array([y - x for x, y in zip(a, b) if x is not None and y is not None])
n = len(d)
observed = abs(d.mean())
g = splitmix64(0)
extreme = 0
P = 10000
for _ in range(P):
    s = sum(-x if next(g) & 1 else x for x in d)
    if abs(s / n) >= observed - 1e-12:
        extreme += 1
print("difference", repr(d.mean()))
print("p", repr((1 + extreme) / (1 + P)))
g = splitmix64(1)
B = 10000
means = sorted(sum(d[next(g) % n] for _ in range(n)) / n for _ in range(B))
print("ci", repr(means[int(np.floor(0.025 * B))]), repr(means[int(np.ceil(0.975 * B)) - 1]))
exact = np.mean([abs(np.dot(signs, d) / n) >= observed - 1e-12 for signs in itertools.product([1, -1], repeat=n)])
print("exact p", repr(exact))
