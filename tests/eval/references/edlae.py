"""EDLAE (Steck 2020, "Autoencoders that don't overfit towards the identity"): EASE whose L2
penalty on each item adds the emphasized-dropout term p / (1 - p) * G_ii, so popular items are
regularised in proportion to their own co-occurrence mass.

B = I - P diagMat(1 / diag(P)),  P = (X^T X + diagMat(lambda + p / (1 - p) * diag(X^T X)))^-1.
"""

from . import ease

NAME = "edlae"


def grid(quick, rng):
    drops = [0.33] if quick else [0.1, 0.25, 0.33, 0.5]
    lambdas = [300] if quick else [10, 100, 300, 750]
    return [{"dropout": p, "lambda": float(l)} for p in drops for l in lambdas]


def fit(data, hp, seed, validate=None):
    return ease.Model(data.X, ease.weights(data.X, hp["lambda"], hp["dropout"])), {}
