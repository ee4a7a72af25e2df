"""Popularity: items ranked by how many users interacted with them in training (the baseline)."""

import numpy as np

NAME = "popularity"


def grid(quick, rng):
    return [{}]


class _Model:
    def __init__(self, counts):
        self.counts = counts.astype(np.float32)

    def scores(self, users):
        return np.broadcast_to(self.counts, (len(users), len(self.counts))).copy()


def fit(data, hp, seed, validate=None):
    return _Model(np.asarray(data.X.sum(axis=0)).ravel()), {}
