#!/usr/bin/python3
"""Faiss reference for the batch inference benchmark (batch_bench.sh): exact maximum inner product
search (IndexFlatIP) of every user vector against the item vectors, top-k, in batches, on the
given number of threads: what a batch job computes, done by Faiss's BLAS-backed batched search.

    /usr/bin/python3 tests/bench/faiss_batch_reference.py --items FILE.f32 --users FILE.f32 --dims 64
        [--k 25] [--threads 2] [--batch 4096] [--runs 3]

Prints one JSON line: {"bench":"batch","target":"faiss","case":"IndexFlatIP","users":N,
"items":M,"seconds":best,"users_per_second":...}. Exit 77 when python3-faiss is not installed.
"""

import argparse
import json
import sys
import time

import numpy as np

try:
    import faiss
except ImportError:
    print("faiss_batch_reference.py: python3-faiss is not installed (apt-get install python3-faiss)", file=sys.stderr)
    sys.exit(77)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--items", required=True)
    p.add_argument("--users", required=True)
    p.add_argument("--dims", type=int, default=64)
    p.add_argument("--k", type=int, default=25)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=4096)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    items = np.fromfile(a.items, dtype=np.float32).reshape(-1, a.dims)
    users = np.fromfile(a.users, dtype=np.float32).reshape(-1, a.dims)
    faiss.omp_set_num_threads(a.threads)
    index = faiss.IndexFlatIP(a.dims)
    index.add(items)
    best = None
    for _ in range(a.runs):
        started = time.perf_counter()
        for first in range(0, users.shape[0], a.batch):
            index.search(users[first:first + a.batch], a.k)
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    print(json.dumps({"bench": "batch", "target": "faiss", "case": "IndexFlatIP", "users": int(users.shape[0]),
                      "items": int(items.shape[0]), "dims": a.dims, "k": a.k, "threads": a.threads,
                      "seconds": best, "users_per_second": users.shape[0] / best}))


if __name__ == "__main__":
    main()
