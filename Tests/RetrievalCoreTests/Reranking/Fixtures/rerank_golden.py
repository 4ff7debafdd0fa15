import numpy as np
np.set_printoptions(precision=9, suppress=True)
D, N, M = 4, 12, 3
def data(n, offset):
    X = np.array([[np.sin(1.3*(i+offset) + 0.7*t + 0.1*(i+offset)*t) + 0.3*np.cos(0.5*t*(i+offset)) for t in range(D)] for i in range(n)], dtype=np.float64)
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
X = data(N, 0)   # database rows
Q = data(M, 100) # query rows
def fmt(a): return "[" + ", ".join("%.9g" % v for v in np.asarray(a).ravel()) + "]"
print("database (column-major D×N):", fmt(X))
print("queries:", fmt(Q))
# --- DBA: itself + k nearest others, weights max(s,0)^alpha
def dba(X, k, alpha):
    out = []
    for i in range(len(X)):
        s = X.astype(np.float64) @ X[i].astype(np.float64)
        order = sorted([j for j in range(len(X)) if j != i], key=lambda j: (-s[j], j))[:k]
        v = X[i].astype(np.float64).copy()
        for j in order:
            w = 1.0 if alpha == 0 else max(s[j], 0) ** alpha
            v += w * X[j]
        out.append(v / np.linalg.norm(v))
    return np.array(out)
print("dba k=3 alpha=0:", fmt(dba(X, 3, 0)))
print("dba k=2 alpha=3:", fmt(dba(X, 2, 3)))
# --- k-reciprocal: the authors' re_ranking (person-re-ranking), transcribed
def re_ranking(q_g_dist, q_q_dist, g_g_dist, k1=20, k2=6, lambda_value=0.3):
    original_dist = np.concatenate([np.concatenate([q_q_dist, q_g_dist], axis=1),
                                    np.concatenate([q_g_dist.T, g_g_dist], axis=1)], axis=0)
    original_dist = np.power(original_dist, 2).astype(np.float32)
    original_dist = np.transpose(1. * original_dist / np.max(original_dist, axis=0))
    V = np.zeros_like(original_dist).astype(np.float32)
    initial_rank = np.argsort(original_dist, kind='stable').astype(np.int32)
    query_num = q_g_dist.shape[0]
    all_num = q_g_dist.shape[0] + q_g_dist.shape[1]
    for i in range(all_num):
        forward = initial_rank[i, :k1+1]
        backward = initial_rank[forward, :k1+1]
        fi = np.where(backward == i)[0]
        R = forward[fi]
        E = R
        for j in range(len(R)):
            c = R[j]
            h = int(np.around(k1/2.))
            cf = initial_rank[c, :h+1]
            cb = initial_rank[cf, :h+1]
            Rc = cf[np.where(cb == c)[0]]
            if len(np.intersect1d(Rc, R)) > 2./3*len(Rc):
                E = np.append(E, Rc)
        E = np.unique(E)
        weight = np.exp(-original_dist[i, E])
        V[i, E] = 1.*weight/np.sum(weight)
    original_dist = original_dist[:query_num,]
    if k2 != 1:
        V_qe = np.zeros_like(V, dtype=np.float32)
        for i in range(all_num):
            V_qe[i, :] = np.mean(V[initial_rank[i, :k2], :], axis=0)
        V = V_qe
    jaccard = np.zeros_like(original_dist, dtype=np.float32)
    for i in range(query_num):
        temp_min = np.zeros(all_num, dtype=np.float32)
        for j in range(all_num):
            temp_min[j] = np.minimum(V[i], V[j]).sum()
        jaccard[i] = 1 - temp_min/(2. - temp_min)
    final = jaccard*(1-lambda_value) + original_dist*lambda_value
    return final[:query_num, query_num:]
def dist(A, B):
    return np.sqrt(np.maximum(((A[:, None, :].astype(np.float64) - B[None, :, :])**2).sum(-1), 0))
joint = re_ranking(dist(Q, X), dist(Q, Q), dist(X, X), k1=4, k2=2, lambda_value=0.3)
print("krr joint k1=4 k2=2 l=0.3 (rows=queries):", fmt(joint))
each = np.vstack([re_ranking(dist(Q[i:i+1], X), dist(Q[i:i+1], Q[i:i+1]), dist(X, X), k1=4, k2=2, lambda_value=0.3) for i in range(M)])
print("krr each:", fmt(each))
# --- diffusion: knngraph.m / transition_matrix.m / ymake.m, then a dense solve
def graph(X, k, gamma):
    S = X.astype(np.float64) @ X.T.astype(np.float64)
    n = len(X)
    knn = [sorted(range(n), key=lambda j: (-S[i, j], j))[:k] for i in range(n)]
    W = np.zeros((n, n))
    for i in range(n):
        for j in knn[i]:
            if i != j and i in knn[j]:
                W[i, j] = max(S[i, j], 0) ** gamma
    d = W.sum(1)
    dm = np.where(d > 0, d ** -0.5, 0)
    return dm[:, None] * W * dm[None, :], W
Sg, W = graph(X, 4, 3)
print("edges:", int((W > 0).sum()))
print("S:", fmt(Sg))
s = X.astype(np.float64) @ Q[0].astype(np.float64)
order = sorted(range(N), key=lambda j: (-s[j], j))[:3]
y = np.zeros(N); y[order] = np.maximum(s[order], 0) ** 3
print("y:", fmt(y))
f = np.linalg.solve(np.eye(N) - 0.9 * Sg, y)
print("f (alpha 0.9):", fmt(f))
# --- regional query vector (ymake with several query vectors) and image scores
owner = [i // 2 for i in range(N)]
def regional_y(X, owner, Qr, kq, gamma, excluded_images=()):
    n = len(X)
    allowed = [c for c in range(n) if owner[c] not in excluded_images]
    sums = np.zeros(n, dtype=np.float64)
    for q in Qr:
        s = X.astype(np.float32) @ q.astype(np.float32)
        for c in sorted(allowed, key=lambda c: (-s[c], c))[:kq]:
            sums[c] += s[c]
    y = np.zeros(n)
    for c in sorted(allowed, key=lambda c: (-sums[c], c))[:kq]:
        y[c] = max(sums[c], 0) ** gamma
    return y
yr = regional_y(X, owner, Q[:2], 3, 3, excluded_images=(1,))
print("regional y (kq=3, gamma=3, image 1 excluded):", fmt(yr))
img = np.zeros(N // 2)
for c, v in enumerate(f): img[owner[c]] += v
print("image scores of f:", fmt(img))
