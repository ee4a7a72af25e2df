#!/usr/bin/python3
"""Offline evaluation of edgerec recipes against tuned reference recommenders on MovieLens-100K.

    /usr/bin/python3 tests/eval/evaluate.py PATH/ml-100k [--models LIST] [--quick] [--seed S]
        [--edgerec build/native/edgerec] [--edgerec-recipes LIST] [--json OUT.json]

Protocol (issue 4, "Quality"): every rating in u.data is an implicit interaction. Each user's
interactions are sorted by timestamp (ties keep file order); the newest 20% are the test set (at
least 1, and at least 1 left for training). Validation is carved the same way from each user's
training part; hyperparameters are chosen on validation NDCG@10 only, then the model is retrained
on the whole training part and scored once on test. Items in a user's training part are never
recommended to that user. Metrics follow Personalize (../shared/PERSONALIZE.md section 3).

--protocol unordered (issue 12): the same data without a usable order, as exports of counts or
dates often are. Every timestamp is set to one value, each user's test (and validation) part is a
random 20% of their interactions (seeded), and edgerec gets its training CSV sorted by user and
item id, as a database export would list it. Ratios are reported against EASE and iALS.

The data are read from the given path at run time and nothing derived from them is written
outside a temporary directory (the licence forbids redistribution); --json writes aggregate
metrics only.
"""

import argparse
import concurrent.futures
import hashlib
import importlib
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

# libgomp threads spin while waiting by default, which wrecks torch's speed whenever the cores are
# shared (2 threads on a busy 2-core machine ran 5x slower); must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from references import base  # noqa: E402
from references.base import TrainData  # noqa: E402

K_MAX = 25
HOLDOUT = 0.2
REFERENCES = {  # table name -> (module, extra hyperparameters)
    "popularity": ("popularity", {}),
    "ease": ("ease", {}),
    "ials": ("ials", {}),
    "itemknn": ("itemknn", {}),
    "sasrec": ("sasrec", {}),
    "gru4rec": ("gru4rec", {}),
    # the strongest non-sequential models we know of on a random holdout (issue 12's ceiling)
    "edlae": ("edlae", {}),
    "ease-valued": ("ease_valued", {}),
    "multvae": ("multvae", {}),
    # diagnostics: how much do order and recency matter on this split?
    "ease-recency": ("ease_recency", {}),
    "ials-recency": ("ials_recency", {}),
    "sasrec-shuffled": ("sasrec", {"shuffle": True}),
    "gru4rec-shuffled": ("gru4rec", {"shuffle": True}),
}
DEFAULT_MODELS = ("popularity,ease,ials,itemknn,sasrec,gru4rec,ease-recency,ials-recency,"
                  "gru4rec-shuffled")
DEFAULT_RECIPES = "popularity-count,user-personalization,auto"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def warn_reference_blas():
    """numpy and Debian's torch use whatever libblas.so.3 resolves to; netlib's is ~10x slower."""
    try:
        with open("/proc/self/maps") as f:
            libs = {ln.split()[-1] for ln in f if "blas" in ln and ".so" in ln}
    except OSError:
        return
    if any("/blas/libblas.so" in p for p in libs) and not any("openblas" in p for p in libs):
        log("warning: numpy/torch use the reference (netlib) BLAS, which makes this run several "
            "times slower; install libopenblas0-pthread (see tests/eval/README.md)")


# ----------------------------------------------------------------------------------------------
# Data and split

UNORDERED_TIMESTAMP = 1000000000


class Dataset:
    def __init__(self, path, unordered=False, seed=1):
        fname = os.path.join(path, "u.data")
        with open(fname, "rb") as f:
            raw = f.read()
        self.sha256 = hashlib.sha256(raw).hexdigest()
        rows = np.array([ln.split(b"\t") for ln in raw.splitlines() if ln.strip()], dtype=np.int64)
        users, items, ratings, ts = rows.T
        self.user_ids, uidx = np.unique(users, return_inverse=True)
        self.item_ids, iidx = np.unique(items, return_inverse=True)
        self.n_users, self.n_items = len(self.user_ids), len(self.item_ids)
        self.n_interactions = len(rows)
        # per user: file order, then a stable sort by timestamp
        order = np.lexsort((np.arange(len(rows)), ts, uidx))
        bounds = np.searchsorted(uidx[order], np.arange(self.n_users + 1))
        self.seqs, self.ts, self.ratings = [], [], []
        rng = np.random.RandomState(seed)
        for u in range(self.n_users):
            o = order[bounds[u]:bounds[u + 1]]
            if unordered:  # no order: a random one, so the newest 20% is a random 20%
                o = o[rng.permutation(len(o))]
            self.seqs.append(iidx[o])
            self.ts.append(np.full(len(o), UNORDERED_TIMESTAMP) if unordered else ts[o])
            self.ratings.append(ratings[o])
        self.unordered = unordered


def holdout_count(n):
    """Newest 20%, rounded half up, with >= 1 held out and >= 1 kept."""
    return int(min(max(math.floor(HOLDOUT * n + 0.5), 1), n - 1))


def split(seqs):
    """-> (kept parts, held-out parts) for lists of per-user arrays in time order."""
    keep, held = [], []
    for s in seqs:
        h = holdout_count(len(s)) if len(s) >= 2 else 0
        keep.append(s[:len(s) - h])
        held.append(s[len(s) - h:])
    return keep, held


class Fold:
    """Training data a model sees and the held-out items it is scored on."""

    def __init__(self, ds, train_len, targets):
        self.train_len = train_len  # per user, how many of their oldest events are training
        self.data = TrainData([s[:n] for s, n in zip(ds.seqs, train_len)],
                              [r[:n] for r, n in zip(ds.ratings, train_len)], ds.n_items)
        self.targets = targets
        self.users = np.array([u for u, t in enumerate(targets) if len(t)], np.int64)
        rows = np.repeat(np.arange(ds.n_users), [len(t) for t in targets])
        self.T = sp.csr_matrix((np.ones(len(rows), bool), (rows, np.concatenate(targets))),
                               shape=(ds.n_users, ds.n_items))
        self.T.sum_duplicates()
        self.n_targets = np.diff(self.T.indptr)


def split_stats(ds, fold):
    """How close in time the held-out events are to each user's last training event."""
    same = hour = total = 0
    for u in range(ds.n_users):
        n = fold.train_len[u]
        gap = ds.ts[u][n:] - ds.ts[u][n - 1]
        same += int((gap == 0).sum())
        hour += int((gap <= 3600).sum())
        total += len(gap)
    return {"test_same_second_as_last_train": same / total,
            "test_within_1h_of_last_train": hour / total}


def make_folds(ds):
    train, test = split(ds.seqs)
    vtrain, val = split(train)
    test_fold = Fold(ds, [len(s) for s in train], test)
    val_fold = Fold(ds, [len(s) for s in vtrain], val)
    return val_fold, test_fold


# ----------------------------------------------------------------------------------------------
# Ranking and metrics

def rank(model, fold, k=K_MAX, chunk=512):
    """Top-k item indices per evaluated user, the user's training items excluded."""
    users = fold.users
    seen = fold.data.X
    out = np.empty((len(users), k), np.int64)
    for start in range(0, len(users), chunk):
        us = users[start:start + chunk]
        s = np.array(model.scores(us), dtype=np.float32, copy=True)
        r, c = seen[us].nonzero()
        s[r, c] = -np.inf
        top = np.argpartition(-s, k, axis=1)[:, :k]
        ts = np.take_along_axis(s, top, axis=1)
        o = np.lexsort((top, -ts), axis=1)  # score descending, then item index
        out[start:start + len(us)] = np.take_along_axis(top, o, axis=1)
    return out


def per_user_metrics(ranks, fold):
    """ranks: (n_eval_users, >= K_MAX) item indices, -1 = empty slot. Per-user metric arrays."""
    users = fold.users
    ranks = ranks[:, :K_MAX]
    valid = ranks >= 0
    T = fold.T[users].toarray()
    hits = np.take_along_axis(T, np.where(valid, ranks, 0), axis=1) & valid
    disc = 1.0 / np.log2(np.arange(2, K_MAX + 2))
    cdisc = np.cumsum(disc)
    nt = fold.n_targets[users]

    def ndcg(k):
        return (hits[:, :k] * disc[:k]).sum(1) / cdisc[np.minimum(nt, k) - 1]

    first = np.where(hits.any(1), hits.argmax(1) + 1, np.inf)
    return {"ndcg@10": ndcg(10), "recall@10": hits[:, :10].sum(1) / nt,
            "ndcg@25": ndcg(25), "mrr@25": np.where(np.isfinite(first), 1.0 / first, 0.0)}


def summarize(ranks, fold, n_items):
    m = {k: float(v.mean()) for k, v in per_user_metrics(ranks, fold).items()}
    top10 = ranks[:, :10]
    m["coverage@10"] = len(np.unique(top10[top10 >= 0])) / n_items
    return m


def ndcg10(model, fold):
    return float(per_user_metrics(rank(model, fold), fold)["ndcg@10"].mean())


def paired_ratio(a, b, seed, n_boot=2000, level=0.90):
    """mean(a)/mean(b) and its percentile bootstrap interval, resampling users (paired)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(a), size=(n_boot, len(a)))
    ratios = a[idx].mean(1) / b[idx].mean(1)
    lo, hi = np.percentile(ratios, [50 * (1 - level), 100 - 50 * (1 - level)])
    return float(a.mean() / b.mean()), float(lo), float(hi)


# ----------------------------------------------------------------------------------------------
# Reference models: tune on validation, refit on the training part, score on test

def run_reference(name, val_fold, test_fold, args, tuned):
    modname, extra = REFERENCES[name]
    mod = importlib.import_module("references." + modname)
    rng = np.random.default_rng(args.seed)
    base = name.replace("-shuffled", "")
    if extra.get("shuffle") and base in tuned:
        # order-shuffled diagnostic: the unshuffled model's settings, epochs re-chosen
        keep = {k: v for k, v in tuned[base].items() if k != "epochs"}
        grid = [dict(keep, **extra)]
    elif getattr(mod, "DEPENDS", None):
        grid = mod.grid(args.quick, rng, tuned.get(mod.DEPENDS))
    else:
        grid = [dict(hp, **extra) for hp in mod.grid(args.quick, rng)]
    trials = []
    t0 = time.time()

    def search(settings, stage):
        for i, hp in enumerate(settings):
            t = time.time()
            model, info = mod.fit(val_fold.data, hp, args.seed,
                                  validate=lambda m: ndcg10(m, val_fold))
            v = info["val"] if "val" in info else ndcg10(model, val_fold)
            trials.append({"hp": hp, "val_ndcg@10": v, "fixed": info.get("fixed", {}),
                           "history": info.get("history", []), "seconds": time.time() - t})
            log(f"  {name} {stage}[{i + 1}/{len(settings)}] {_fmt_hp(hp, info.get('fixed'))}: "
                f"val NDCG@10 {v:.4f} ({time.time() - t:.1f} s)")

    search(grid, "")
    if hasattr(mod, "refine") and not extra.get("shuffle"):
        best = max(trials, key=lambda r: r["val_ndcg@10"])
        search(mod.refine(best["hp"], args.quick), "refine ")
    tune_s = time.time() - t0
    best = max(trials, key=lambda r: r["val_ndcg@10"])  # first best on ties
    hp = dict(best["hp"], **best["fixed"])
    t = time.time()
    model, _ = mod.fit(test_fold.data, hp, args.seed)
    fit_s = time.time() - t
    ranks = rank(model, test_fold)
    tuned[name] = hp
    return {"model": name, "kind": "reference", "status": "ok", "hp": hp,
            "val_ndcg@10": best["val_ndcg@10"], "grid_size": len(trials),
            "tune_seconds": tune_s, "fit_seconds": fit_s, "ranks": ranks,
            "trials": [{k: v for k, v in r.items()} for r in trials]}


def _fmt_hp(hp, fixed=None):
    skip = {"max_epochs", "eval_every", "patience", "batch"}
    d = dict(hp, **(fixed or {}))
    parts = []
    for k, v in d.items():
        if k in skip:
            continue
        if isinstance(v, float):
            v = f"{v:g}"
        parts.append(f"{k}={v}")
    return " ".join(parts)


# ----------------------------------------------------------------------------------------------
# edgerec recipes through the CLI

class Edgerec:
    def __init__(self, binary):
        self.binary = binary
        self.ok = bool(binary) and os.path.isfile(binary) and os.access(binary, os.X_OK)
        self.has_batch = False
        if self.ok:
            h = subprocess.run([binary, "--help"], capture_output=True, text=True)
            self.has_batch = re.search(r"^\s+batch\s", h.stdout + h.stderr, re.M) is not None

    def run(self, *argv, timeout=None):
        return subprocess.run([self.binary, *argv], capture_output=True, text=True,
                              timeout=timeout)


def write_interactions_csv(path, ds, fold):
    with open(path, "w") as f:
        f.write("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n")
        for u in range(ds.n_users):
            n = fold.train_len[u]
            uid = ds.user_ids[u]
            rows = list(zip(ds.seqs[u][:n], ds.ts[u][:n], ds.ratings[u][:n]))
            if ds.unordered:  # as a database export lists it: by user, then item id
                rows.sort(key=lambda row: ds.item_ids[row[0]])
            for i, t, r in rows:
                f.write(f"{uid},{ds.item_ids[i]},{t},rating,{r}\n")


def _item_list(obj):
    """Item ids from one response: GetRecommendations' itemList or a batch output record."""
    if "itemList" in obj:
        return [x["itemId"] for x in obj["itemList"]]
    out = obj.get("output", obj)
    if "itemList" in out:
        return [x["itemId"] for x in out["itemList"]]
    return list(out.get("recommendedItems", []))


def edgerec_recommendations(er, solution, ds, fold, tmp):
    """Per evaluated user, the recommended raw item ids (seen items not yet removed)."""
    users = fold.users
    n_seen = np.diff(fold.data.X.indptr)
    nums = {int(u): int(min(500, K_MAX + n_seen[u])) for u in users}
    if er.has_batch:
        try:
            inp, outp = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
            # numResults is the job's, as in Personalize's batch inference: the largest any user
            # needs (the seen items are removed afterwards).
            with open(inp, "w") as f:
                for u in users:
                    f.write(json.dumps({"userId": str(ds.user_ids[u])}) + "\n")
            r = er.run("batch", "--solution", solution, "--input", inp, "--output", outp,
                       "--num-results", str(max(nums.values())), "--quiet")
            if r.returncode == 0:
                by_user = {}
                with open(outp) as f:
                    lines = [json.loads(ln) for ln in f if ln.strip()]
                for j, obj in enumerate(lines):
                    uid = (obj.get("input") or {}).get("userId", obj.get("userId"))
                    if uid is None and len(lines) == len(users):
                        uid = str(ds.user_ids[users[j]])
                    by_user[str(uid)] = _item_list(obj)
                got = [by_user.get(str(ds.user_ids[u])) for u in users]
                if all(g is not None for g in got):
                    return got, "batch"
            log(f"  batch command unusable (rc {r.returncode}); falling back to per-user calls")
        except (OSError, ValueError, KeyError, TypeError) as e:
            log(f"  batch command unusable ({e}); falling back to per-user calls")

    def one(u, by_item=False):
        if by_item:  # a RELATED_ITEMS recipe: items related to the user's newest training event
            last = ds.seqs[u][fold.train_len[u] - 1]
            who = ["--item-id", str(ds.item_ids[last])]
        else:
            who = ["--user-id", str(ds.user_ids[u])]
        r = er.run("recommend", "--solution", solution, *who,
                   "--num-results", str(nums[int(u)]), timeout=120)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else
                               f"recommend exited {r.returncode}")
        return _item_list(json.loads(r.stdout))

    by_item = False
    try:
        one(users[0])
    except RuntimeError as e:
        if "itemid" not in str(e).lower():
            raise
        by_item = True  # e.g. "userId is not used by recipe similar-items (... by itemId)"
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        got = list(pool.map(lambda u: one(u, by_item), users))
    return got, ("per-item, the user's newest training item" if by_item else "per-user")


def run_edgerec(er, recipe, ds, fold, csv_path, tmp):
    name = "edgerec:" + recipe
    res = {"model": name, "kind": "edgerec", "hp": {}, "fit_seconds": None}
    if not er.ok:
        return dict(res, status="not available (no binary)")
    # "RECIPE+key=value+..." trains RECIPE with those hyperparameters (--hp key=value).
    recipe_name, *settings = recipe.split("+")
    tag = hashlib.sha256(recipe.encode()).hexdigest()[:12]  # settings can exceed a file name's length
    sol = os.path.join(tmp, f"{recipe_name}-{tag}.erec")
    t = time.time()
    hp_args = [a for kv in settings for a in ("--hp", kv)]
    r = er.run("train", "--recipe", recipe_name, "--interactions", csv_path, "--output", sol, *hp_args)
    res["fit_seconds"] = time.time() - t
    if r.returncode != 0:
        msg = r.stderr.strip().splitlines()[0] if r.stderr.strip() else f"exit {r.returncode}"
        unknown = "unknown recipe" in r.stderr.lower()
        log(f"  {name}: {msg}")
        return dict(res, status="not available" if unknown else "failed", error=msg)
    d = er.run("describe-solution", sol)
    if d.returncode == 0:
        try:
            meta = json.loads(d.stdout)
            res["hp"] = meta.get("hyperparameters", {})
            res["solution_metrics"] = meta.get("metrics", {})
        except ValueError:
            pass
    t = time.time()
    try:
        lists, how = edgerec_recommendations(er, sol, ds, fold, tmp)
    except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
        log(f"  {name}: recommend failed: {e}")
        return dict(res, status="failed", error=str(e))
    res["recommend_seconds"] = time.time() - t
    res["recommend_mode"] = how
    if how.startswith("per-item"):
        res["model"] = name + " (newest item)"
    index = {str(v): i for i, v in enumerate(ds.item_ids)}
    seen = fold.data.X
    ranks = np.full((len(fold.users), K_MAX), -1, np.int64)
    for j, (u, items) in enumerate(zip(fold.users, lists)):
        s = set(seen.indices[seen.indptr[u]:seen.indptr[u + 1]].tolist())
        kept, used = [], set()
        for it in items:
            i = index.get(str(it))
            if i is None or i in s or i in used:
                continue
            kept.append(i)
            used.add(i)
            if len(kept) == K_MAX:
                break
        ranks[j, :len(kept)] = kept
    log(f"  {name}: trained in {res['fit_seconds']:.1f} s, "
        f"{len(fold.users)} users recommended ({how}) in {res['recommend_seconds']:.1f} s")
    return dict(res, status="ok", ranks=ranks)


# ----------------------------------------------------------------------------------------------
# Report

def table(results, ease_ndcg, test_fold, n_items, seed):
    head = ["model", "NDCG@10", "vs EASE [90% CI]", "Recall@10", "NDCG@25", "MRR@25", "cov@10",
            "fit s", "tune s", "hyperparameters (chosen on validation)"]
    rows = []
    for r in results:
        if r["status"] != "ok":
            rows.append([r["model"], r["status"]] + [""] * 7 + [r.get("error", "")])
            continue
        m = r["metrics"]
        ratio = ""
        if ease_ndcg is not None:
            q, lo, hi = r["ratio_vs_ease"]
            ratio = f"{q:.3f} [{lo:.3f}, {hi:.3f}]"
        fit = "" if r.get("fit_seconds") is None else f"{r['fit_seconds']:.1f}"
        tune = "" if r.get("tune_seconds") is None else f"{r['tune_seconds']:.0f}"
        rows.append([r["model"], f"{m['ndcg@10']:.4f}", ratio, f"{m['recall@10']:.4f}",
                     f"{m['ndcg@25']:.4f}", f"{m['mrr@25']:.4f}", f"{m['coverage@10']:.3f}",
                     fit, tune, _fmt_hp(r["hp"])])
    widths = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", help="the ml-100k folder (reads u.data)")
    ap.add_argument("--models", default=DEFAULT_MODELS,
                    help=f"comma-separated references, from {','.join(REFERENCES)} "
                         f"(default {DEFAULT_MODELS}); 'none' for no references")
    ap.add_argument("--quick", action="store_true", help="tiny grids and few epochs (smoke run)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edgerec", default="build/native/edgerec", help="the edgerec CLI")
    ap.add_argument("--edgerec-recipes", default=DEFAULT_RECIPES,
                    help=f"comma-separated recipes to train and score (default {DEFAULT_RECIPES});"
                         " RECIPE+key=value+... passes hyperparameters; 'none' to skip")
    ap.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    ap.add_argument("--json", help="also write the aggregate results to this file")
    ap.add_argument("--protocol", choices=("ordered", "unordered"), default="ordered",
                    help="ordered: the newest 20%% held out (default); unordered: one timestamp for "
                         "all, a random 20%% held out, edgerec's CSV sorted by user and item")
    args = ap.parse_args(argv)

    models = [] if args.models == "none" else [m.strip() for m in args.models.split(",") if m]
    unknown = [m for m in models if m not in REFERENCES]
    if unknown:
        ap.error(f"unknown model(s) {', '.join(unknown)}; valid: {', '.join(REFERENCES)}")
    recipes = [] if args.edgerec_recipes == "none" else \
        [r.strip() for r in args.edgerec_recipes.split(",") if r.strip()]

    base.THREADS = args.threads
    warn_reference_blas()
    t_start = time.time()
    np.random.seed(args.seed)
    ds = Dataset(args.dataset, unordered=args.protocol == "unordered", seed=args.seed)
    val_fold, test_fold = make_folds(ds)
    n_test = int(test_fold.n_targets.sum())
    stats = split_stats(ds, test_fold)
    log(f"{ds.n_interactions} interactions, {ds.n_users} users, {ds.n_items} items; "
        f"test {n_test}, validation {int(val_fold.n_targets.sum())}, "
        f"training {int(sum(test_fold.train_len))}; "
        f"{stats['test_within_1h_of_last_train']:.0%} of test events are within 1 h of the "
        f"user's last training event")

    results, tuned = [], {}
    order = [m for m in REFERENCES if m in models]  # shuffled variants after their base model
    for name in order:
        log(f"{name}: tuning on validation")
        results.append(run_reference(name, val_fold, test_fold, args, tuned))

    if recipes:
        er = Edgerec(args.edgerec)
        with tempfile.TemporaryDirectory(prefix="edgerec-eval-") as tmp:
            csv_path = os.path.join(tmp, "train.csv")
            if er.ok:
                write_interactions_csv(csv_path, ds, test_fold)
            for recipe in recipes:
                log(f"edgerec {recipe}")
                results.append(run_edgerec(er, recipe, ds, test_fold, csv_path, tmp))

    # metrics, paired ratios against EASE
    per_user = {}
    for r in results:
        if r["status"] == "ok":
            per_user[r["model"]] = per_user_metrics(r["ranks"], test_fold)
            r["metrics"] = summarize(r["ranks"], test_fold, ds.n_items)
    ease = per_user.get("ease")
    ials = per_user.get("ials")
    for r in results:
        if r["status"] == "ok" and ease is not None:
            r["ratio_vs_ease"] = paired_ratio(per_user[r["model"]]["ndcg@10"], ease["ndcg@10"],
                                              args.seed)
        if r["status"] == "ok" and ials is not None:
            r["ratio_vs_ials"] = paired_ratio(per_user[r["model"]]["ndcg@10"], ials["ndcg@10"],
                                              args.seed)
    total = time.time() - t_start
    held = "a random" if ds.unordered else "newest"
    print(f"MovieLens-100K ({args.dataset}), {held} {HOLDOUT:.0%} of each user's interactions "
          f"held out{' (no timestamps: one for all, CSV sorted by user and item)' if ds.unordered else ''}: "
          f"{len(test_fold.users)} users, {n_test} test interactions; seed {args.seed}"
          f"{', QUICK grids' if args.quick else ''}")
    print(table(results, ease, test_fold, ds.n_items, args.seed))
    for r in results:
        if r.get("kind") == "edgerec" and "ratio_vs_ials" in r:
            q, lo, hi = r["ratio_vs_ials"]
            print(f"{r['model']} vs iALS: {q:.3f} [{lo:.3f}, {hi:.3f}]")
    print(f"ratio = paired mean NDCG@10 ratio vs EASE, 90% percentile bootstrap over users "
          f"(2000 resamples); total {total:.0f} s on {os.cpu_count()} cores")

    if args.json:
        out = {"dataset": {"path": args.dataset, "u.data sha256": ds.sha256,
                           "users": ds.n_users, "items": ds.n_items,
                           "interactions": ds.n_interactions},
               "protocol": {"name": args.protocol, "holdout": HOLDOUT, "test_interactions": n_test, **stats,
                            "validation_interactions": int(val_fold.n_targets.sum()),
                            "seed": args.seed, "quick": args.quick},
               "host": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "numpy": np.__version__},
               "total_seconds": total,
               "results": [{k: v for k, v in r.items() if k != "ranks"} for r in results]}
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
