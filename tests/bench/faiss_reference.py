#!/usr/bin/python3
"""Faiss reference for the scoring benchmark: exact maximum inner product search (IndexFlatIP) on
the same item and user vectors the native scoring_bench wrote, one thread, k=25, one query at a
time (the serving case), plus a batch of all queries at once as extra information.

    /usr/bin/python3 tests/bench/faiss_reference.py --work-dir DIR [--items 27000,1000000]
        [--dims 64] [--users 1000] [--seed 1] [--k 25] [--requests N] [--seconds S] [--small]

Prints one JSON line per case, like scoring_bench:
    {"bench":"scoring","target":"faiss","case":"IndexFlatIP","encoding":"float32","items":...,
     "median_us":...,"p90_us":...,"batch_us_per_query":...,"agreement_vs_edgerec":...}
agreement_vs_edgerec: the share of edgerec's float32 top-k (topk-*.i32, written by the native
run) that Faiss returns for the same queries: 1.0 up to exact ties, which is the check that both
compute the same thing. IndexScalarQuantizer (QT_8bit, per-dimension ranges) is added as a
Faiss-side point of comparison for the int8 encoding (extra information, not the reference).

Needs Debian's python3-faiss (apt-get install python3-faiss).
"""

import argparse
import json
import os
import sys
import time

import numpy as np

try:
    import faiss
except ImportError:
    print("faiss_reference.py: python3-faiss is not installed (apt-get install python3-faiss)", file=sys.stderr)
    sys.exit(77)


def measure(run, requests, seconds, min_requests, small):
    """Per-call microseconds: median, p90, mean, min (warm-up first, as scoring_bench does)."""
    warm = time.perf_counter()
    r = 0
    while r < 3 or (not small and r < 1000 and time.perf_counter() - warm < seconds / 10):
        run(r)
        r += 1
    us = []
    start = time.perf_counter()
    for r in range(requests):
        t0 = time.perf_counter()
        run(r)
        t1 = time.perf_counter()
        us.append((t1 - t0) * 1e6)
        if len(us) >= min_requests and t1 - start > seconds:
            break
    us.sort()
    return {"requests": len(us), "median_us": round(us[len(us) // 2], 2),
            "p90_us": round(us[min(len(us) - 1, len(us) * 9 // 10)], 2),
            "mean_us": round(sum(us) / len(us), 2), "min_us": round(us[0], 2)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work-dir", default="build/bench/scoring")
    ap.add_argument("--items", default="27000,1000000")
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--k", type=int, default=25)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--small", action="store_true")
    a = ap.parse_args()
    min_requests = 20
    if a.small:
        a.items, a.dims, a.users, a.requests, a.seconds, min_requests = "3000,20000", 32, 50, 30, 0.2, 5
    faiss.omp_set_num_threads(1)
    d = a.dims
    queries = np.fromfile(os.path.join(a.work_dir, f"queries-u{a.users}-d{d}-s{a.seed}.f32"), dtype=np.float32)
    queries = queries.reshape(-1, d)
    for n in [int(x) for x in a.items.split(",")]:
        items = np.fromfile(os.path.join(a.work_dir, f"items-{n}-d{d}-s{a.seed}.f32"), dtype=np.float32).reshape(-1, d)
        indexes = [("IndexFlatIP", "float32", faiss.IndexFlatIP(d))]
        sq = faiss.IndexScalarQuantizer(d, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        sq.train(items)
        indexes.append(("IndexScalarQuantizer-QT_8bit", "int8", sq))
        for name, encoding, index in indexes:
            index.add(items)
            one = [queries[i:i + 1] for i in range(len(queries))]
            t = measure(lambda r: index.search(one[r % len(one)], a.k), a.requests, a.seconds, min_requests, a.small)
            t0 = time.perf_counter()
            _, ids = index.search(queries, a.k)
            batch_us = (time.perf_counter() - t0) * 1e6 / len(queries)
            line = {"bench": "scoring", "target": "faiss", "case": name, "encoding": encoding, "items": n, "dims": d,
                    "k": a.k, **t, "batch_us_per_query": round(batch_us, 2), "faiss": faiss.__version__}
            ours = os.path.join(a.work_dir, f"topk-{n}-d{d}-s{a.seed}-float32.i32")
            if os.path.exists(ours):
                edgerec = np.fromfile(ours, dtype=np.int32).reshape(-1, a.k)
                found = sum(len(set(e[e >= 0]) & set(f[f >= 0])) for e, f in zip(edgerec, ids))
                line["agreement_vs_edgerec"] = round(found / max(1, int((edgerec >= 0).sum())), 4)
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
