"""SASRec (Kang & McAuley 2018): causal self-attention over each user's event sequence.

Pre-LayerNorm Transformer blocks with learned positional embeddings (position = distance from the
newest event, as in the original's left-padded window), item embeddings tied with the output
layer, trained with cross-entropy over the whole catalog (the full-softmax variant, which is
usually stronger on MovieLens than the original's one sampled negative with BCE).
"""

import torch
import torch.nn as nn

from . import seqtrain

NAME = "sasrec"
BASE = {"maxlen": 200, "blocks": 2, "heads": 1, "dim": 64, "lr": 5e-3, "batch": 128,
        "max_epochs": 60, "eval_every": 3, "patience": 3}


def grid(quick, rng):
    if quick:
        return [dict(BASE, dropout=0.5, maxlen=50, max_epochs=6, eval_every=3, patience=1)]
    return [dict(BASE, dropout=d) for d in (0.5, 0.7)]


class _Block(nn.Module):
    def __init__(self, dim, heads, dropout):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)  # no dropout on weights
        self.ff = nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.Dropout(dropout),
                                nn.Linear(dim, dim), nn.Dropout(dropout))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask, keep):
        q = self.ln1(x)
        a, _ = self.attn(q, q, q, attn_mask=mask, need_weights=False)
        x = x + self.drop(a)
        x = x + self.ff(self.ln2(x))
        return x * keep


class Net(nn.Module):
    def __init__(self, n_items, hp):
        super().__init__()
        d = hp["dim"]
        self.heads = hp["heads"]
        self.item = nn.Embedding(n_items + 1, d, padding_idx=0)
        self.pos = nn.Embedding(hp["maxlen"], d)
        self.drop = nn.Dropout(hp["dropout"])
        self.blocks = nn.ModuleList(_Block(d, hp["heads"], hp["dropout"])
                                    for _ in range(hp["blocks"]))
        self.ln = nn.LayerNorm(d)
        nn.init.normal_(self.item.weight, std=d ** -0.5)
        with torch.no_grad():
            self.item.weight[0].zero_()

    def forward(self, seq):  # (B, L), left-padded with 0
        b, l = seq.shape
        keep = (seq > 0).unsqueeze(-1).float()
        pos = torch.arange(l - 1, -1, -1)
        x = self.item(seq) * (self.item.embedding_dim ** 0.5) + self.pos(pos)[None]
        x = self.drop(x) * keep
        causal = torch.triu(torch.ones(l, l, dtype=torch.bool), 1)
        eye = torch.eye(l, dtype=torch.bool)
        mask = causal[None] | ((seq == 0)[:, None, :] & ~eye[None])  # never mask a row fully
        mask = mask.repeat_interleave(self.heads, dim=0)
        for blk in self.blocks:
            x = blk(x, mask, keep)
        return self.ln(x)

    def logits(self, h):
        return h @ self.item.weight[1:].T


def fit(data, hp, seed, validate=None):
    torch.manual_seed(seed)
    net = Net(data.n_items, hp)
    return seqtrain.train(net, data, hp, seed, validate, left=True)
