"""EDLAE (Steck 2020, "Autoencoders that don't overfit towards the identity"): EASE whose L2
penalty on each item adds the emphasized-dropout term p / (1 - p) * G_ii, so popular items are
regularised in proportion to their own co-occurrence mass.

B = I - P diagMat(1 / diag(P)),  P = (X^T X + diagMat(lambda + p / (1 - p) * diag(X^T X)))^-1.
"""

import numpy as np

NAME = "edlae"


def grid(quick, rng):
    drops = [0.33] if quick else [0.1, 0.25, 0.33, 0.5]
    lambdas = [300] if quick else [10, 100, 300, 750]
    return [{"dropout": p, "lambda": float(l)} for p in drops for l in lambdas]


def weights(X, lam, dropout):
    g = (X.T @ X).toarray().astype(np.float64)
    d = np.diag(g).copy()
    g[np.diag_indices_from(g)] += lam + dropout / (1.0 - dropout) * d
    p = np.linalg.inv(g)
    b = -p / np.diag(p)
    b[np.diag_indices_from(b)] = 0.0
    return b.astype(np.float32)


class _Model:
    def __init__(self, X, B):
        self.X, self.B = X, B

    def scores(self, users):
        return np.asarray(self.X[users] @ self.B, dtype=np.float32)


def fit(data, hp, seed, validate=None):
    return _Model(data.X, weights(data.X, hp["lambda"], hp["dropout"])), {}
