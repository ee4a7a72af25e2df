#!/usr/bin/env bash
# Batch inference benchmark (issue 17), side by side in one run: `edgerec batch` (top-25 for every
# user of a 64-factor user-personalization solution over 27,000 items, JSON Lines in and out)
# against Faiss IndexFlatIP's batched search (python3-faiss) on the same vectors and threads.
# The machine is shared and noisy: compare the ratio of one run.
#
#   tests/bench/batch_bench.sh [--users N] [--items N] [--threads N] [--runs N] [--native-build DIR]
#       [--work-dir DIR] [--small]
#
# Target: at least 100,000 users/s on 2 cores, and faster than Faiss. Prints one JSON line per
# side and a summary; fails on nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NATIVE_BUILD="$ROOT/build/native"
WORK_DIR=""
USERS=100000
ITEMS=27000
THREADS=2
RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --users) USERS="$2"; shift 2 ;;
    --items) ITEMS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --native-build) NATIVE_BUILD="$2"; shift 2 ;;
    --work-dir) WORK_DIR="$2"; shift 2 ;;
    --small) USERS=2000; ITEMS=3000; RUNS=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "batch_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
WORK_DIR="${WORK_DIR:-$NATIVE_BUILD/bench/batch-u$USERS-i$ITEMS}"
CLI="$NATIVE_BUILD/edgerec"
GEN="$NATIVE_BUILD/tests/bench/scoring_bench"
[[ -x "$CLI" && -x "$GEN" ]] || { echo "batch_bench.sh: build edgerec and scoring_bench in $NATIVE_BUILD first" >&2; exit 1; }
mkdir -p "$WORK_DIR"

# The vectors and solution (scoring_bench's generator: factor-like random vectors, ids u00000..).
"$GEN" --work-dir "$WORK_DIR" --items "$ITEMS" --dims 64 --users "$USERS" --prepare-only
SOLUTION="$WORK_DIR/solution-$ITEMS-d64-s1-int8.erec"
INPUT="$WORK_DIR/users.jsonl"
if [[ ! -s "$INPUT" ]]; then
  /usr/bin/python3 -c "
import sys
width = 5
with open(sys.argv[1], 'w') as f:
    for u in range(int(sys.argv[2])):
        f.write('{\"userId\":\"u%0*d\"}\n' % (width, u))
" "$INPUT" "$USERS"
fi

best=""
peak_kb=0
for ((r = 0; r < RUNS; r++)); do
  # Peak memory too (GNU time, when installed): it must not grow with the input.
  if [[ -x /usr/bin/time ]]; then
    line="$(/usr/bin/time -f '%M' -o "$WORK_DIR/peak-kb" "$CLI" batch --quiet --solution "$SOLUTION" --input "$INPUT" \
            --output "$WORK_DIR/out.jsonl" --num-results 25 --threads "$THREADS")"
    peak_kb="$(tail -1 "$WORK_DIR/peak-kb")"
  else
    line="$("$CLI" batch --quiet --solution "$SOLUTION" --input "$INPUT" --output "$WORK_DIR/out.jsonl" \
            --num-results 25 --threads "$THREADS")"
  fi
  seconds="$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$line")"
  if [[ -z "$best" ]] || /usr/bin/python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$seconds" "$best"; then
    best="$seconds"
  fi
done
EDGEREC_LINE="$(/usr/bin/python3 -c '
import json, sys
users, items, threads, seconds, peak = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(json.dumps({"bench": "batch", "target": "edgerec", "case": "edgerec batch (int8, JSON Lines in and out)",
                  "users": users, "items": items, "dims": 64, "k": 25, "threads": threads, "seconds": seconds,
                  "users_per_second": users / seconds, "peak_rss_mb": round(peak / 1024, 1)}))' \
  "$USERS" "$ITEMS" "$THREADS" "$best" "$peak_kb")"
echo "$EDGEREC_LINE"

# What this CPU allows: the exact multiply-add's peak and the multi-user kernel's rate, as users/s
# for the scan alone (multiply_ceiling_bench.cpp).
CEILING="$NATIVE_BUILD/tests/bench/multiply_ceiling_bench"
CEILING_LINES=""
if [[ -x "$CEILING" ]]; then
  CEILING_LINES="$("$CEILING" --items "$ITEMS" --dims 64 --threads "$THREADS")"
  echo "$CEILING_LINES"
fi

set +e
FAISS_LINE="$(/usr/bin/python3 "$ROOT/tests/bench/faiss_batch_reference.py" --items "$WORK_DIR/items-$ITEMS-d64-s1.f32" \
  --users "$WORK_DIR/queries-u$USERS-d64-s1.f32" --dims 64 --k 25 --threads "$THREADS" --runs "$RUNS")"
status=$?
set -e
if [[ $status -eq 77 ]]; then
  echo "(faiss skipped: python3-faiss is not installed)" >&2
  exit 0
elif [[ $status -ne 0 ]]; then
  exit "$status"
fi
echo "$FAISS_LINE"
/usr/bin/python3 - "$EDGEREC_LINE" "$FAISS_LINE" "$CEILING_LINES" <<'PY'
import json, sys
e, f = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ceilings = [json.loads(l) for l in sys.argv[3].splitlines() if l.strip()]
print(f"\nbatch top-{e['k']} over {e['items']} items at {e['dims']} factors, {e['users']} users, {e['threads']} threads:")
print(f"  edgerec batch   {e['users_per_second']:>10.0f} users/s  ({e['seconds']:.2f} s, peak {e['peak_rss_mb']} MB; target >= 100000)")
print(f"  faiss FlatIP    {f['users_per_second']:>10.0f} users/s  ({f['seconds']:.2f} s; search only, no I/O)")
print(f"  edgerec / faiss {e['users_per_second'] / f['users_per_second']:.2f}x")
for c in ceilings:
    if "case" in c:
        print(f"  at most         {c['users_per_second_at_most']:>10.0f} users/s  ({c['case']}: {c['us_per_user']} us per user, scan only)")
PY
