"""GRU4Rec-style model (Hidasi et al. 2016; the CE-loss setup of Hidasi & Czapp 2023).

Item embedding -> dropout -> one GRU layer -> dropout -> linear layer over the whole catalog,
trained with cross-entropy at every position of each user's training sequence.
"""

import torch
import torch.nn as nn

from . import seqtrain

NAME = "gru4rec"
BASE = {"maxlen": 200, "lr": 5e-3, "batch": 128, "max_epochs": 60, "eval_every": 3,
        "patience": 3}


def grid(quick, rng):
    if quick:
        return [dict(BASE, hidden=64, dropout=0.5, maxlen=50, max_epochs=6, eval_every=3, patience=1)]
    return [dict(BASE, hidden=128, dropout=d) for d in (0.5, 0.7)]


class Net(nn.Module):
    def __init__(self, n_items, hp):
        super().__init__()
        h = hp["hidden"]
        self.item = nn.Embedding(n_items + 1, h, padding_idx=0)
        self.drop_in, self.drop_out = nn.Dropout(hp["dropout"]), nn.Dropout(hp["dropout"])
        self.gru = nn.GRU(h, h, batch_first=True)
        self.out = nn.Linear(h, n_items)

    def forward(self, seq):  # (B, L), right-padded with 0
        x, _ = self.gru(self.drop_in(self.item(seq)))
        return self.drop_out(x)

    def logits(self, h):
        return self.out(h)


def fit(data, hp, seed, validate=None):
    torch.manual_seed(seed)
    net = Net(data.n_items, hp)
    return seqtrain.train(net, data, hp, seed, validate, left=False)
