"""EASE on value-weighted interactions: each interaction counts 1 + alpha * log1p(value) (the
rating here) in X, the weighting edgerec offers for EVENT_VALUE (issue 12, counts as confidence).
lambda is scaled by the mean squared weight so the grid means the same as EASE's.
"""

import numpy as np
import scipy.sparse as sp

from . import ease

NAME = "ease-valued"


def grid(quick, rng):
    alphas = [1.0] if quick else [0.5, 1.0, 2.0]
    lambdas = [500] if quick else [300, 750, 1500]
    return [{"alpha": a, "lambda": float(l)} for a in alphas for l in lambdas]


def valued_matrix(data, alpha):
    rows = np.repeat(np.arange(data.n_users), [len(s) for s in data.seqs])
    cols = np.concatenate(data.seqs)
    vals = 1.0 + alpha * np.log1p(np.concatenate(data.ratings).astype(np.float64))
    x = sp.csr_matrix((vals, (rows, cols)), shape=(data.n_users, data.n_items))
    x.sum_duplicates()
    return x


def fit(data, hp, seed, validate=None):
    x = valued_matrix(data, hp["alpha"])
    lam = hp["lambda"] * float(x.power(2).sum()) / max(x.nnz, 1)
    return ease.Model(x, ease.weights(x, lam)), {}
