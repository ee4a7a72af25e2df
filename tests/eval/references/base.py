"""Shared pieces of the reference models: the training data they see and small helpers.

Every reference module exposes
    NAME                                    the model's name in the table
    grid(quick, rng) -> list[dict]          the hyperparameter settings tried on validation
    fit(data, hp, seed, validate=None) -> (model, info)
        data      TrainData (one user's training part per row, in time order)
        validate  callable(model) -> validation NDCG@10; iterative models call it to early-stop
                  and report the chosen iteration count in info["fixed"] (merged into hp when the
                  model is retrained on the full training part without validate)
        model     has scores(users) -> float32 array (len(users), n_items); the evaluator masks
                  the user's seen items and ranks.
"""

import numpy as np
import scipy.sparse as sp


class TrainData:
    """The interactions a model may train on, per user in time order (oldest first)."""

    def __init__(self, seqs, ratings, n_items):
        self.seqs = seqs            # list of int64 arrays of item indices, one per user
        self.ratings = ratings      # list of int arrays (same shape), the 1-5 ratings
        self.n_users = len(seqs)
        self.n_items = n_items
        rows = np.repeat(np.arange(self.n_users), [len(s) for s in seqs])
        cols = np.concatenate(seqs) if seqs else np.zeros(0, np.int64)
        x = sp.csr_matrix((np.ones(len(cols), np.float32), (rows, cols)),
                          shape=(self.n_users, n_items))
        x.sum_duplicates()
        x.data[:] = 1.0             # binary, even if an item repeats in a sequence
        self.X = x


THREADS = 2  # torch intra-op threads; evaluate.py sets it from --threads


def set_torch_determinism(seed):
    import torch
    torch.manual_seed(seed)
    torch.set_num_threads(THREADS)
    try:
        torch.use_deterministic_algorithms(True)
    except Exception:  # older builds without the switch
        pass


class EarlyStopper:
    """Evaluates every `every` epochs; stops after `patience` evaluations without improvement."""

    def __init__(self, validate, every, patience):
        self.validate, self.every, self.patience = validate, every, patience
        self.best, self.best_epoch, self.best_state, self.bad = -1.0, 0, None, 0
        self.history = []

    def step(self, epoch, model, state_fn):
        """Returns True when training should stop."""
        if self.validate is None or epoch % self.every:
            return False
        v = self.validate(model)
        self.history.append((epoch, round(v, 5)))
        if v > self.best + 1e-6:
            self.best, self.best_epoch, self.bad = v, epoch, 0
            self.best_state = state_fn()
        else:
            self.bad += 1
        return self.bad >= self.patience

    def step_net(self, epoch, scorer, net):
        """step() for a torch module: its state at the best evaluation is kept."""
        return self.step(epoch, scorer, lambda: {k: v.detach().clone() for k, v in net.state_dict().items()})

    def result(self, scorer, net):
        """fit()'s return: with validation, the best state restored and the epoch it was at."""
        if self.validate is None:
            return scorer, {}
        net.load_state_dict(self.best_state)
        return scorer, {"val": self.best, "fixed": {"epochs": self.best_epoch}, "history": self.history}
