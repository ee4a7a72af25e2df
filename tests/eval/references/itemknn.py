"""Item-kNN: cosine similarity on the binary user-item matrix with shrinkage, top-k neighbours.

sim(i, j) = |U_i & U_j| / (sqrt(|U_i| |U_j|) + shrink); every item keeps its k most similar items;
score(u, i) = sum over the user's items j of sim(j, i) when i is among j's k neighbours.
"""

import numpy as np

NAME = "itemknn"


def grid(quick, rng):
    ks = [20, 100] if quick else [5, 10, 20, 50, 100, 200, 400, 1000]
    shrinks = [0, 50] if quick else [0, 5, 20, 50, 100, 200]
    return [{"k": k, "shrink": s} for k in ks for s in shrinks]


class _Model:
    def __init__(self, X, S):
        self.X, self.S = X, S

    def scores(self, users):
        return np.asarray(self.X[users] @ self.S, dtype=np.float32)


_cache = {}


def fit(data, hp, seed, validate=None):
    key = id(data)
    if key not in _cache:
        _cache.clear()
        c = (data.X.T @ data.X).toarray().astype(np.float64)
        n = np.diag(c).copy()
        c[np.diag_indices_from(c)] = 0.0
        _cache[key] = (c, n)
    c, n = _cache[key]
    s = c / (np.sqrt(np.outer(n, n)) + hp["shrink"] + 1e-12)
    k = min(hp["k"], s.shape[1] - 1)
    # keep each row's (item j's) top-k neighbours; stable tie order by item index
    order = np.argsort(-s, axis=1, kind="stable")[:, k:]
    np.put_along_axis(s, order, 0.0, axis=1)
    return _Model(data.X, s.astype(np.float32)), {}
