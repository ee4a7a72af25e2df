"""EASE (Steck 2019): closed-form item-item linear autoencoder with a zero diagonal.

B = I - P diagMat(1 / diag(P)),  P = (X^T X + lambda I)^-1;  score(u) = x_u B.
"""

import numpy as np

NAME = "ease"
GRID = [10, 25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2500, 5000]


def grid(quick, rng):
    lambdas = [100, 500, 2000] if quick else GRID
    return [{"lambda": float(l)} for l in lambdas]


def weights(X, lam, dropout=0.0):
    """EASE's B; with dropout > 0, EDLAE's (Steck 2020): p / (1 - p) * diag(X^T X) added to lambda."""
    g = (X.T @ X).toarray().astype(np.float64)
    g[np.diag_indices_from(g)] += lam + dropout / (1.0 - dropout) * np.diag(g)
    p = np.linalg.inv(g)
    b = -p / np.diag(p)
    b[np.diag_indices_from(b)] = 0.0
    return b.astype(np.float32)


class Model:
    """Scores x_u B: EASE's, EDLAE's and the value-weighted variant's."""

    def __init__(self, X, B):
        self.X, self.B = X, B

    def scores(self, users):
        return np.asarray(self.X[users] @ self.B, dtype=np.float32)


def fit(data, hp, seed, validate=None):
    return Model(data.X, weights(data.X, hp["lambda"])), {}
