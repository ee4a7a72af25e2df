#!/usr/bin/env bash
# Scoring benchmark, side by side in one run (issue 6): native (scoring_bench), wasm (the same
# program built with Emscripten, plus the JS API, via scoring_bench.mjs) and Faiss
# (faiss_reference.py) on the same vectors, then a table with the ratios. The machine is shared
# and noisy: compare the ratios of one run, not absolute numbers across runs.
#
#   tests/bench/scoring_bench.sh [--small] [--native-build DIR] [--wasm-build DIR]
#       [--native-bench EXE] [--work-dir DIR] [--items N,N] [--seconds S] [--requests N]
#       [--no-wasm] [--no-faiss] [--jsonl FILE]
#
# Defaults: build/native and build/wasm (the trees scripts/test builds; the wasm tree must have
# built the target scoring_bench and js/dist), work dir build/bench/scoring (the generated
# vectors and solutions are kept there and reused), 27K and 1M items at 64 factors.
# Targets: native int8 top-25 over 27K items <= 50 us median (topk_fused), wasm <= 2x native,
# fold-in <= 100 us, the native API for a known user <= 60 us (issue 14; "API" is a user's repeat
# request, "1st" each user's first, which computes the softmax normaliser the runtime then
# caches). The table marks them; nothing fails on them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NATIVE_BUILD="$ROOT/build/native"
WASM_BUILD="$ROOT/build/wasm"
NATIVE_BENCH=""
WORK_DIR="$ROOT/build/bench/scoring"
JSONL=""
WASM=1
FAISS=1
COMMON=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --small) COMMON+=(--small); shift ;;
    --native-build) NATIVE_BUILD="$2"; shift 2 ;;
    --wasm-build) WASM_BUILD="$2"; shift 2 ;;
    --native-bench) NATIVE_BENCH="$2"; shift 2 ;;
    --work-dir) WORK_DIR="$2"; shift 2 ;;
    --items|--seconds|--requests) COMMON+=("$1" "$2"); shift 2 ;;
    --no-wasm) WASM=0; shift ;;
    --no-faiss) FAISS=0; shift ;;
    --jsonl) JSONL="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "scoring_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
NATIVE_BENCH="${NATIVE_BENCH:-$NATIVE_BUILD/tests/bench/scoring_bench}"
[[ -x "$NATIVE_BENCH" ]] || { echo "scoring_bench.sh: no $NATIVE_BENCH (build the target scoring_bench)" >&2; exit 1; }
mkdir -p "$WORK_DIR"
OUT="${JSONL:-$WORK_DIR/results.jsonl}"
: > "$OUT"

echo "== native: $NATIVE_BENCH" >&2
"$NATIVE_BENCH" --work-dir "$WORK_DIR" ${COMMON[@]+"${COMMON[@]}"} | tee -a "$OUT" >&2

if [[ $WASM -eq 1 ]]; then
  echo "== wasm: $WASM_BUILD/tests/bench/scoring_bench.cjs + the JS API (js/)" >&2
  node "$ROOT/tests/bench/scoring_bench.mjs" --work-dir "$WORK_DIR" \
    --wasm-bench "$WASM_BUILD/tests/bench/scoring_bench.cjs" ${COMMON[@]+"${COMMON[@]}"} | tee -a "$OUT" >&2
fi

if [[ $FAISS -eq 1 ]]; then
  echo "== faiss: IndexFlatIP, one thread" >&2
  set +e
  /usr/bin/python3 "$ROOT/tests/bench/faiss_reference.py" --work-dir "$WORK_DIR" ${COMMON[@]+"${COMMON[@]}"} \
    | tee -a "$OUT" >&2
  status=${PIPESTATUS[0]}
  set -e
  if [[ $status -eq 77 ]]; then
    echo "(faiss skipped: python3-faiss is not installed)" >&2
  elif [[ $status -ne 0 ]]; then
    exit "$status"
  fi
fi

/usr/bin/python3 - "$OUT" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
def find(target, case, enc, items, kernel=None):
    for r in rows:
        if (r["target"], r.get("case"), r.get("encoding"), r.get("items")) == (target, case, enc, items) and \
           (kernel is None or r.get("kernel") == kernel):
            return r
    return None
def us(r):
    return f"{r['median_us']:.1f} / {r['p90_us']:.1f}" if r else "-"
def ratio(a, b):
    return f"{a['median_us'] / b['median_us']:.2f}" if a and b else "-"
print("\nScoring: top-%d, median / p90 us per request, one thread (noisy shared machine: read the ratios)"
      % next((r["k"] for r in rows if "k" in r), 25))
head = ["items", "enc", "native fused", "wasm fused", "wasm/nat", "faiss FlatIP", "nat/faiss",
        "native API", "nat API 1st", "wasm C API", "wasm 1st", "JS API", "JS/nat API", "int8 recall"]
table = []
sizes = sorted({r["items"] for r in rows if r["bench"] == "scoring"})
for n in sizes:
    for enc in ("int8", "float32"):
        nat = find("native", "topk_fused", enc, n)
        if nat is None:
            continue
        wasm = find("wasm", "topk_fused", enc, n)
        faiss = find("faiss", "IndexFlatIP", "float32", n)
        napi = find("native", "get_recommendations", enc, n)
        napi_first = find("native", "get_recommendations_first", enc, n)
        wapi = find("wasm", "get_recommendations", enc, n)
        wapi_first = find("wasm", "get_recommendations_first", enc, n)
        js = find("wasm-js", "getRecommendations", enc, n)
        target = " (<=50 target)" if enc == "int8" and n == 27000 else ""
        table.append([str(n), enc, us(nat) + target, us(wasm), ratio(wasm, nat), us(faiss), ratio(nat, faiss),
                      us(napi) + (" (<=60 target)" if enc == "int8" and n == 27000 else ""), us(napi_first),
                      us(wapi), us(wapi_first), us(js), ratio(js, napi),
                      f"{nat['recall_vs_float32']:.4f}" if "recall_vs_float32" in nat else ""])
widths = [max(len(x[i]) for x in table + [head]) for i in range(len(head))]
fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths))
print(fmt(head))
for t in table:
    print(fmt(t))

print("\nPer kernel (scoring every item, no top-k), median us; wasm simd128 against each native kernel:")
for n in sizes:
    for enc in ("int8", "float32"):
        ks = [r for r in rows if r.get("case") == "score_all" and r["items"] == n and r["encoding"] == enc]
        if ks:
            print(f"  {n} {enc}: " + ", ".join(f"{r['target']} {r['kernel']} {r['median_us']:.1f}" for r in ks))
            w = next((r for r in ks if r["kernel"] == "wasm-simd128"), None)
            if w:
                print("      wasm / native: " + ", ".join(f"{r['kernel']} {w['median_us'] / r['median_us']:.2f}"
                                                      for r in ks if r["target"] == "native"))

extra = [r for r in rows if r["target"] == "faiss"]
if extra:
    print("\nFaiss (one query per call; batch = all queries in one call, per query):")
    for r in extra:
        agree = f", agreement with edgerec float32 top-k {r['agreement_vs_edgerec']}" if "agreement_vs_edgerec" in r else ""
        print(f"  {r['items']} {r['case']}: median {r['median_us']:.1f} us, batch {r['batch_us_per_query']:.1f} us/query{agree}")

checks = [r for r in rows if r["bench"] == "scoring_check"]
same = [r for r in rows if "same_bits_as_native" in r]
if checks or same:
    print("\nSame bits everywhere:")
    for r in checks:
        print(f"  {r['target']}: kernels {', '.join(r['kernels'])} identical to the scalar reference: "
              f"{r['identical_to_scalar']}")
    for r in same:
        print(f"  wasm scores of {r['items']} {r['encoding']} items == native scores: {r['same_bits_as_native']}")

folds = [r for r in rows if r["bench"] == "fold_in"]
if folds:
    print("\nFold-in of a %d-event history at %d factors (target <= 100 us), median / p90 us:" %
          (folds[0]["events"], folds[0]["dims"]))
    for r in folds:
        print(f"  {r['target']:7} {r['encoding']:8} {r['method']:9} {us(r)}  (item Gramian once per model: {r['gramian_ms']:.1f} ms)")
EOF
echo "(JSON lines: $OUT)" >&2
