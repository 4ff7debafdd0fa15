"""Reference for LearnedWhitening: a numpy/scipy transcription of cirtorch's `whitenlearn(X, qidxs, pidxs)`
(cirtorch/utils/whiten.py, Radenović, Tolias & Chum, ECCV 2016) on fixed inputs.

Usage: whitenlearn_reference.py [seed]
Prints, one value per token:
  D N M
  N lines: the training columns (float32 values, printed exactly)
  M lines: the matching pairs "q p" (0-based column indices)
  1 line: the mean m (D values)
  D lines: the rows of P (D values each), most discriminative first
"""
import sys

import numpy as np
import scipy.linalg


def cholesky_with_jitter(s):
    # cirtorch's `cholesky`: add a growing multiple of the identity until S is positive definite.
    alpha = 0.0
    while True:
        try:
            return np.linalg.cholesky(s + alpha * np.eye(s.shape[0]))
        except np.linalg.LinAlgError:
            alpha = 1e-10 if alpha == 0 else alpha * 10


def whitenlearn(x, qidxs, pidxs):
    m = x[:, qidxs].mean(axis=1, keepdims=True)
    df = x[:, qidxs] - x[:, pidxs]
    s = df @ df.T / df.shape[1]
    p1 = scipy.linalg.solve_triangular(cholesky_with_jitter(s), np.eye(s.shape[0]), lower=True)  # L⁻¹
    z = p1 @ (x - m)
    eigval, eigvec = np.linalg.eig(z @ z.T)
    order = np.real(eigval).argsort()[::-1]
    eigvec = np.real(eigvec[:, order])
    return m, eigvec.T @ p1


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    rng = np.random.RandomState(seed)
    dim, objects, views = 6, 9, 5
    # Objects with correlated, anisotropic appearance; views vary around them with their own correlated noise.
    mix = rng.randn(dim, dim)
    centres = (rng.randn(objects, dim) * np.linspace(2.0, 0.5, dim)) @ mix.T
    noise_mix = rng.randn(dim, dim) * 0.3
    columns = []
    labels = []
    for o in range(objects):
        for _ in range(views):
            columns.append(centres[o] + noise_mix @ rng.randn(dim) + 0.05 * rng.randn(dim))
            labels.append(o)
    x = np.array(columns, dtype=np.float32).T.astype(np.float64)
    n = x.shape[1]
    qidxs, pidxs = [], []
    for i in range(n):
        for j in range(n):
            if i != j and labels[i] == labels[j] and (i + j) % 3 != 0:
                qidxs.append(i)
                pidxs.append(j)
    m, p = whitenlearn(x, qidxs, pidxs)
    print(dim, n, len(qidxs))
    for j in range(n):
        print(" ".join(repr(float(v)) for v in x[:, j]))
    for q, pp in zip(qidxs, pidxs):
        print(q, pp)
    print(" ".join(repr(float(v)) for v in m[:, 0]))
    for row in p:
        print(" ".join(repr(float(v)) for v in row))


if __name__ == "__main__":
    main()
