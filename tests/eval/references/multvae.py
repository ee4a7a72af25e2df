"""Mult-VAE (Liang et al. 2018): a variational autoencoder over the user's item set with a
multinomial likelihood, 600-200-600 tanh layers, input dropout, KL weight annealed linearly to
beta over 20,000 steps as in the paper's code; epochs by early stopping on validation.
"""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .base import EarlyStopper, set_torch_determinism

NAME = "multvae"


def grid(quick, rng):
    betas = [0.2] if quick else [0.2, 0.5]
    drops = [0.5]
    return [{"beta": b, "dropout": d, "lr": 1e-3, "max_epochs": 60 if quick else 200,
             "eval_every": 5, "patience": 6, "batch": 100} for b in betas for d in drops]


class _Net(nn.Module):
    def __init__(self, n_items, hidden=600, latent=200, dropout=0.5):
        super().__init__()
        self.enc = nn.Linear(n_items, hidden)
        self.stats = nn.Linear(hidden, 2 * latent)
        self.dec1 = nn.Linear(latent, hidden)
        self.dec2 = nn.Linear(hidden, n_items)
        self.dropout, self.latent = dropout, latent

    def forward(self, x):
        x = F.dropout(F.normalize(x, dim=1), self.dropout, self.training)
        s = self.stats(torch.tanh(self.enc(x)))
        mu, logvar = s[:, :self.latent], s[:, self.latent:]
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if self.training else mu
        return self.dec2(torch.tanh(self.dec1(z))), mu, logvar


class _Scorer:
    def __init__(self, net, X):
        self.net, self.X = net, X

    @torch.no_grad()
    def scores(self, users):
        self.net.eval()
        return self.net(self.X[torch.as_tensor(users)])[0].numpy().astype(np.float32)


def fit(data, hp, seed, validate=None):
    set_torch_determinism(seed)
    rng = np.random.default_rng(seed)
    X = torch.tensor(data.X.toarray(), dtype=torch.float32)
    net = _Net(X.shape[1], dropout=hp["dropout"])
    opt = torch.optim.Adam(net.parameters(), lr=hp["lr"])
    scorer = _Scorer(net, X)
    stop = EarlyStopper(validate, every=hp["eval_every"], patience=hp["patience"])
    step, bs = 0, hp["batch"]
    for epoch in range(1, hp.get("epochs", hp["max_epochs"]) + 1):
        net.train()
        perm = rng.permutation(X.shape[0])
        for start in range(0, len(perm), bs):
            xb = X[torch.as_tensor(perm[start:start + bs])]
            logits, mu, logvar = net(xb)
            beta = min(hp["beta"], hp["beta"] * step / 20000)
            step += 1
            nll = -(F.log_softmax(logits, 1) * xb).sum(1).mean()
            kl = (-0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(1)).mean()
            opt.zero_grad()
            (nll + beta * kl).backward()
            opt.step()
        if stop.step_net(epoch, scorer, net):
            break
    return stop.result(scorer, net)
