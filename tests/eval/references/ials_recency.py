"""iALS with a recency-weighted user fold-in (a diagnostic for the product's design).

Item factors come from plain iALS (the tuned 'ials' settings when that model ran first); each user's
factor is then re-solved exactly with the observed terms weighted by recency: the r-th newest
training event (r = 0 for the newest) gets c_r = floor + (1 - floor) * 2^(-r / half_life),
normalised to mean 1 over the user's events, in
    (sum_r c_r h_r h_r^T + alpha0 H^T H + reg_u I) w_u = sum_r c_r h_r.
"""

import numpy as np
import torch

from . import ials
from .base import set_torch_determinism

NAME = "ials-recency"
DEPENDS = "ials"
DEFAULT = dict(ials.BASE, factors=128, alpha0=0.3, iterations=12, **{"lambda": 0.01})


def grid(quick, rng, base_hp=None):
    b = dict(base_hp or DEFAULT)
    halves = [5, 20] if quick else [2, 5, 10, 20, 40, 80]
    floors = [0.1] if quick else [0.0, 0.05, 0.2, 0.5]
    return [dict(b, half_life=float(h), floor=f) for h in halves for f in floors]


def _fold_in(data, H, hp):
    k = H.shape[1]
    a0, lam, nu = hp["alpha0"], hp["lambda"], hp["nu"]
    gram = a0 * (H.T @ H)
    eye = torch.eye(k, dtype=H.dtype)
    W = torch.zeros(data.n_users, k, dtype=H.dtype)
    for u, s in enumerate(data.seqs):
        if len(s) == 0:
            continue
        r = np.arange(len(s) - 1, -1, -1, dtype=np.float64)
        c = hp["floor"] + (1 - hp["floor"]) * np.exp2(-r / hp["half_life"])
        c = torch.from_numpy((c / c.mean()).astype(np.float32))
        items, inv = np.unique(s, return_inverse=True)      # repeated items add up
        cw = torch.zeros(len(items)).index_add_(0, torch.from_numpy(inv), c)
        fo = H[torch.from_numpy(items)]
        reg = lam * (len(items) + a0 * data.n_items) ** nu
        a = gram + (fo * cw[:, None]).T @ fo + reg * eye
        W[u] = torch.linalg.solve(a, (fo * cw[:, None]).sum(0))
    return W


_cache = {}


def fit(data, hp, seed, validate=None):
    set_torch_determinism(seed)
    base = {k: v for k, v in hp.items() if k not in ("half_life", "floor")}
    key = (id(data), tuple(sorted(base.items())))
    if key not in _cache:
        _cache.clear()
        m, _ = ials.fit(data, base, seed)
        _cache[key] = torch.from_numpy(m.H)
    H = _cache[key]
    return ials._Model(_fold_in(data, H, hp).numpy(), H.numpy()), {}
