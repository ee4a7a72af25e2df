"""iALS (Hu, Koren & Volinsky 2008) in the formulation and tuning guidance of Rendle et al. 2021.

Loss = sum_{(u,i) observed} (w_u.h_i - 1)^2 + alpha0 * sum_{u,i} (w_u.h_i)^2
       + lambda * (sum_u (|I_u| + alpha0 |I|)^nu |w_u|^2 + sum_i (|U_i| + alpha0 |U|)^nu |h_i|^2)
alpha0 is the unobserved weight (Hu et al.'s confidence 1 + alpha corresponds to alpha0 ~ 1/alpha);
nu = 1 is the frequency-scaled regularisation Rendle et al. recommend. Exact alternating least
squares; rows are solved in batches of similar length (numpy batched matmul + solve).
"""

import numpy as np
import torch

from .base import EarlyStopper, set_torch_determinism

NAME = "ials"
MAX_ITERS = 20


BASE = {"nu": 1.0, "cg_steps": 3}


def grid(quick, rng):
    """Stage 1 (Rendle et al.'s advice: tune alpha0 and lambda at a small dimension first)."""
    a0s, lams = ([0.3], [0.003, 0.01, 0.03]) if quick else \
        ([0.1, 0.3, 1.0], [0.003, 0.01, 0.03])
    return [dict(BASE, factors=64, alpha0=a, **{"lambda": l}) for a in a0s for l in lams]


def refine(best, quick):
    """Stage 2: larger dimensions around the best stage-1 setting."""
    if quick:
        return []
    lam = best["lambda"]
    return [dict(best, factors=k, **{"lambda": l}) for k in (128, 256) for l in (lam, lam / 2)]


def _plan(X, chunk=64):
    """Rows grouped by similar length: (row ids, padded column index matrix; -1 = padding)."""
    counts = np.diff(X.indptr)
    order = np.argsort(counts, kind="stable")
    plan = []
    for start in range(0, len(order), chunk):
        rows = order[start:start + chunk]
        width = max(1, counts[rows].max())
        idx = np.full((len(rows), width), -1, np.int64)
        for j, r in enumerate(rows):
            cols = X.indices[X.indptr[r]:X.indptr[r + 1]]
            idx[j, :len(cols)] = cols
        plan.append((torch.from_numpy(rows), torch.from_numpy(idx)))
    return plan, torch.from_numpy(counts.astype(np.float32))


def _solve_side(plan, counts, F, alpha0, lam, nu, n_other):
    """Exact least-squares solve of every row's factor given the other side's factors F."""
    k = F.shape[1]
    gram = alpha0 * (F.T @ F)
    regs = lam * (counts + alpha0 * n_other) ** nu
    fz = torch.cat([F, torch.zeros(1, k, dtype=F.dtype)])  # index -1 -> zero row
    out = torch.zeros(len(counts), k, dtype=F.dtype)
    eye = torch.eye(k, dtype=F.dtype)
    for rows, idx in plan:
        fo = fz[idx]                                        # (rows, width, k)
        a = gram + fo.transpose(1, 2) @ fo + regs[rows, None, None] * eye
        b = fo.sum(1).unsqueeze(-1)
        out[rows] = torch.cholesky_solve(b, torch.linalg.cholesky(a)).squeeze(-1)
    return out


def _cg_side(rows, cols, F, X0, alpha0, lam, nu, n_other, counts, steps):
    """Conjugate-gradient update (Takacs et al. 2011) of all rows at once, warm-started at X0.

    A_r x = alpha0 G x + reg_r x + sum_{c in row r} f_c (f_c . x); rows/cols list the nonzeros.
    """
    gram = alpha0 * (F.T @ F)
    regs = (lam * (counts + alpha0 * n_other) ** nu)[:, None]
    fc = F[cols]                                            # (nnz, k)
    b = torch.zeros_like(X0).index_add_(0, rows, fc)

    def apply(x):
        d = (fc * x[rows]).sum(1, keepdim=True)
        return x @ gram + regs * x + torch.zeros_like(x).index_add_(0, rows, fc * d)

    x = X0.clone()
    r = b - apply(x)
    p = r.clone()
    rr = (r * r).sum(1, keepdim=True)
    for _ in range(steps):
        ap = apply(p)
        alpha = rr / (p * ap).sum(1, keepdim=True).clamp_min(1e-20)
        x += alpha * p
        r -= alpha * ap
        rr_new = (r * r).sum(1, keepdim=True)
        p = r + (rr_new / rr.clamp_min(1e-20)) * p
        rr = rr_new
    return x


class _Model:
    def __init__(self, W, H):
        self.W, self.H = W, H

    def scores(self, users):
        return (self.W[users] @ self.H.T).astype(np.float32)


def fit(data, hp, seed, validate=None):
    set_torch_determinism(seed)
    rng = np.random.default_rng(seed)
    k, a0, lam, nu = hp["factors"], hp["alpha0"], hp["lambda"], hp["nu"]
    X = data.X.tocsr()
    XT = X.T.tocsr()
    n_u, n_i = X.shape
    uplan, ucounts = _plan(X)
    iplan, icounts = _plan(XT)
    cg = hp.get("cg_steps", 0)
    coo = X.tocoo()
    urows, ucols = torch.from_numpy(coo.row.astype(np.int64)), torch.from_numpy(coo.col.astype(np.int64))
    W = torch.from_numpy(rng.normal(0, 0.1 / np.sqrt(k), (n_u, k)).astype(np.float32))
    H = torch.from_numpy(rng.normal(0, 0.1 / np.sqrt(k), (n_i, k)).astype(np.float32))
    iters = hp.get("iterations", MAX_ITERS)
    stop = EarlyStopper(validate, every=2, patience=2)
    model = _Model(W.numpy(), H.numpy())
    for it in range(1, iters + 1):
        if cg:
            W = _cg_side(urows, ucols, H, W, a0, lam, nu, n_i, ucounts, cg)
            H = _cg_side(ucols, urows, W, H, a0, lam, nu, n_u, icounts, cg)
        else:
            W = _solve_side(uplan, ucounts, H, a0, lam, nu, n_i)
            H = _solve_side(iplan, icounts, W, a0, lam, nu, n_u)
        model = _Model(W.numpy(), H.numpy())
        if stop.step(it, model, lambda: (model.W.copy(), model.H.copy())):
            break
    if validate is not None:
        return _Model(*stop.best_state), {"val": stop.best, "fixed": {"iterations": stop.best_epoch},
                                          "history": stop.history}
    return model, {}
