"""EASE with a recency-weighted user vector (a diagnostic, not a published baseline).

The item-item matrix B is EASE's; only the fold-in changes: the user's r-th newest training event
(r = 0 for the newest) counts w_r = floor + (1 - floor) * 2^(-r / half_life) instead of 1.
It measures how much of the sequence models' gain a cheap recency weighting recovers.
"""

import numpy as np
import scipy.sparse as sp

from . import ease

NAME = "ease-recency"


def grid(quick, rng):
    lambdas = [200, 500] if quick else [100, 200, 500, 1000]
    halves = [5, 20] if quick else [2, 5, 10, 20, 40, 80]
    floors = [0.1] if quick else [0.0, 0.05, 0.2, 0.5]
    return [{"lambda": float(l), "half_life": float(h), "floor": f}
            for l in lambdas for h in halves for f in floors]


def recency_matrix(data, half_life, floor):
    rows, cols, vals = [], [], []
    for u, s in enumerate(data.seqs):
        r = np.arange(len(s) - 1, -1, -1, dtype=np.float64)
        w = floor + (1.0 - floor) * np.exp2(-r / half_life)
        rows.append(np.full(len(s), u))
        cols.append(s)
        vals.append(w)
    m = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(data.n_users, data.n_items))
    m.sum_duplicates()  # an item seen twice adds up its weights
    return m.astype(np.float32)


_cache = {}


def fit(data, hp, seed, validate=None):
    key = (id(data), hp["lambda"])
    if key not in _cache:
        _cache.clear()
        _cache[key] = ease.weights(data.X, hp["lambda"])
    return ease.Model(recency_matrix(data, hp["half_life"], hp["floor"]), _cache[key]), {}
