"""Training and scoring loop shared by the PyTorch sequence references (SASRec, GRU4Rec).

Each user's training sequence (oldest first, item index + 1, 0 = padding) is cut to its newest
maxlen + 1 events; the model reads events 0..n-2 and predicts the next event at every position
with a full softmax (cross-entropy over the whole catalog). Batches group users of similar length.
A user's scores are the logits after their last training event.
"""

import numpy as np
import torch
import torch.nn.functional as F

from .base import EarlyStopper, set_torch_determinism


def _pad(rows, left):
    width = max(len(r) for r in rows)
    out = np.zeros((len(rows), width), np.int64)
    for j, r in enumerate(rows):
        if left:
            out[j, width - len(r):] = r
        else:
            out[j, :len(r)] = r
    return torch.from_numpy(out)


def user_sequences(data, hp, seed):
    """The sequences the model sees: item index + 1; optionally order-shuffled (a diagnostic)."""
    seqs = [np.asarray(s, np.int64) + 1 for s in data.seqs]
    if hp.get("shuffle"):
        rng = np.random.default_rng(seed + 7919)
        seqs = [rng.permutation(s) for s in seqs]
    return seqs


class SeqScorer:
    def __init__(self, net, seqs, maxlen, left):
        self.net, self.seqs, self.maxlen, self.left = net, seqs, maxlen, left

    @torch.no_grad()
    def scores(self, users):
        self.net.eval()
        rows = [self.seqs[u][-self.maxlen:] for u in users]
        lengths = torch.tensor([max(1, len(r)) for r in rows])
        rows = [r if len(r) else np.zeros(1, np.int64) for r in rows]
        h = self.net(_pad(rows, self.left))
        last = h[:, -1] if self.left else h[torch.arange(len(rows)), lengths - 1]
        return self.net.logits(last).numpy().astype(np.float32)


def train(net, data, hp, seed, validate, left):
    """Trains net; with validate, early-stops on validation NDCG@10 and reports the epoch."""
    set_torch_determinism(seed)
    rng = np.random.default_rng(seed)
    maxlen, bs = hp["maxlen"], hp.get("batch", 128)
    seqs = user_sequences(data, hp, seed)
    train_rows = [s[-(maxlen + 1):] for s in seqs if len(s) >= 2]
    order = np.argsort([len(r) for r in train_rows], kind="stable")
    groups = [order[i:i + bs] for i in range(0, len(order), bs)]
    opt = torch.optim.Adam(net.parameters(), lr=hp["lr"], weight_decay=hp.get("l2", 0.0))
    scorer = SeqScorer(net, seqs, maxlen, left)
    stop = EarlyStopper(validate, every=hp.get("eval_every", 5), patience=hp.get("patience", 4))
    epochs = hp.get("epochs", hp.get("max_epochs", 200))
    for epoch in range(1, epochs + 1):
        net.train()
        for g in rng.permutation(len(groups)):
            rows = [train_rows[i] for i in groups[g]]
            inp = _pad([r[:-1] for r in rows], left)
            tgt = _pad([r[1:] for r in rows], left)
            h = net(inp)
            mask = tgt > 0
            loss = F.cross_entropy(net.logits(h[mask]), tgt[mask] - 1)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if stop.step_net(epoch, scorer, net):
            break
    return stop.result(scorer, net)
