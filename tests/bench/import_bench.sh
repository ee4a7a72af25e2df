#!/usr/bin/env bash
# tests/bench/import_bench.sh: `edgerec import` against the sqlite3 shell's `.import` of the same
# synthetic Interactions CSV, in the same run, into fresh databases.
#
#   tests/bench/import_bench.sh [--rows N] [--cli PATH] [--work-dir DIR] [--check]
#                               [--events [--events-bench PATH]
#                                [--baseline-cli PATH --baseline-events-bench PATH]]
#
# Defaults: 20,000,000 rows (edgerec synth --users 138000 --items 27000 --seed 1), the CLI at
# build/native/edgerec, files under build/bench/ (the CSV is generated once and cached there).
# Fairness: both databases are WAL with synchronous=NORMAL (edgerec's setting) and 4 KiB pages;
# both times include the final checkpoint (sqlite3 checkpoints when it closes, edgerec when the
# job commits). Wall time and peak RSS come from /usr/bin/time (Debian package `time`).
# Prints one JSON line per tool (wall seconds, rows/s, peak RSS, CPU seconds) and one with the
# ratio. --check exits 1 unless edgerec imported
# every row (used by the small CTest run; speed is not asserted there, the machine may be busy).
# --events: then, for the CLI (and --baseline-cli with its own build's import_events_bench, an
# older build, in the same run), an INCREMENTAL import of the same CSV into a group that holds
# it once already while import_events_bench stores PutEvents one after another: one JSON line
# each with the events stored during the import, their p50 / p99 / max latency and the calls
# that failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rows=20000000
cli="$ROOT/build/native/edgerec"
work="$ROOT/build/bench"
check=0
events=0
baseline_cli=""
baseline_events_bench=""
events_bench="$ROOT/build/native/tests/bench/import_events_bench"
while (($#)); do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --work-dir) work="$2"; shift 2 ;;
    --check) check=1; shift ;;
    --events) events=1; shift ;;
    --baseline-cli) baseline_cli="$2"; shift 2 ;;
    --events-bench) events_bench="$2"; shift 2 ;;
    --baseline-events-bench) baseline_events_bench="$2"; shift 2 ;;
    *) echo "import_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -x "$cli" ]] || { echo "import_bench.sh: no edgerec CLI at $cli (build first)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "import_bench.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "import_bench.sh: sqlite3 missing (apt-get install sqlite3)" >&2; exit 2; }

mkdir -p "$work"
csv="$work/synth-$rows.csv"
if [[ ! -s "$csv" ]]; then
  users=$(( rows / 145 > 50 ? rows / 145 : 50 ))   # 138,000 users and 27,000 items at 20M rows
  items=$(( rows / 740 > 20 ? rows / 740 : 20 ))
  "$cli" synth --users "$users" --items "$items" --interactions "$rows" --seed 1 --output "$csv.tmp" 2>/dev/null
  mv "$csv.tmp" "$csv"
fi
cat "$csv" >/dev/null  # both tools read it from the page cache

# Runs a command under /usr/bin/time; sets secs and rss_mb.
measure() {
  local out="$work/time.txt"
  /usr/bin/time -f '%e %M %U %S' -o "$out" "$@" >"$work/cmd.out" 2>"$work/cmd.err" || {
    echo "import_bench.sh: failed: $*" >&2; cat "$work/cmd.err" >&2; exit 1; }
  read -r secs rss_kb user_s sys_s <"$out"
  rss_mb=$(( rss_kb / 1024 ))
  cpu=$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN { printf "%.2f", u + s }')
}

report() {  # tool rows seconds rss_mb cpu_seconds (user + system, all threads: shows how much a
            # busy machine inflated the wall time)
  awk -v tool="$1" -v rows="$2" -v s="$3" -v rss="$4" -v cpu="$5" 'BEGIN {
    printf "{\"bench\":\"import\",\"tool\":\"%s\",\"rows\":%d,\"seconds\":%.2f,\"rows_per_s\":%d,\"peak_rss_mb\":%d,\"cpu_seconds\":%.2f}\n",
      tool, rows, s, (s > 0 ? rows / s : 0), rss, cpu }'
}

# sqlite3 shell: .import into a plain table (all columns TEXT), same pragmas as edgerec.
rm -rf "$work/sqlite3.db" "$work/sqlite3.db-wal" "$work/sqlite3.db-shm"
measure sqlite3 "$work/sqlite3.db" "PRAGMA journal_mode=WAL" "PRAGMA synchronous=NORMAL" ".mode csv" ".import '$csv' t"
sqlite_secs=$secs
sqlite_rows=$(sqlite3 "$work/sqlite3.db" "SELECT count(*) FROM t")
report sqlite3 "$sqlite_rows" "$secs" "$rss_mb" "$cpu"

# edgerec: a new dataset group, one FULL import job (default Interactions schema).
rm -rf "$work/group"
"$cli" create-dataset-group "$work/group" >/dev/null
measure "$cli" import "$work/group" --dataset interactions --csv "$csv"
edgerec_secs=$secs
edgerec_rows=$(sqlite3 "$work/group/edgerec.db" "SELECT count(*) FROM interactions_bulk")
report edgerec "$edgerec_rows" "$secs" "$rss_mb" "$cpu"

awk -v a="$sqlite_secs" -v b="$edgerec_secs" 'BEGIN {
  printf "{\"bench\":\"import\",\"ratio_edgerec_over_sqlite3_rows_per_s\":%.2f}\n", (b > 0 ? a / b : 0) }'
rm -rf "$work/sqlite3.db" "$work/sqlite3.db-wal" "$work/sqlite3.db-shm" "$work/time.txt" "$work/cmd.out" "$work/cmd.err"

if ((events)); then
  [[ -x "$events_bench" ]] || { echo "import_bench.sh: no import_events_bench at $events_bench" >&2; exit 2; }
  run_events() {  # label cli bench: a group made and loaded by that build, then the measured job
    rm -rf "$work/group-events"
    "$2" create-dataset-group "$work/group-events" >/dev/null
    "$2" import "$work/group-events" --dataset interactions --csv "$csv" >/dev/null 2>&1
    "$3" --cli "$2" --group "$work/group-events" --csv "$csv" --mode incremental --label "$1"
    rm -rf "$work/group-events"
  }
  if [[ -n "$baseline_cli" ]]; then
    [[ -x "$baseline_events_bench" ]] || { echo "import_bench.sh: --baseline-cli needs --baseline-events-bench" >&2; exit 2; }
    run_events baseline "$baseline_cli" "$baseline_events_bench"
  fi
  run_events edgerec "$cli" "$events_bench"
fi
rm -rf "$work/group"

if ((check)) && [[ "$edgerec_rows" != "$rows" ]]; then
  echo "import_bench.sh: edgerec stored $edgerec_rows rows, expected $rows" >&2
  exit 1
fi
