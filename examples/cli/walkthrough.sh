#!/usr/bin/env bash
# edgerec from the shell, the way Amazon Personalize's console walks through it: CSV files into a
# dataset group, solution versions of three recipes, their metrics and the report comparing
# them, a campaign, a filter, and a batch inference job. Every step prints the command it runs.
#
#   examples/cli/walkthrough.sh [--movielens DIR] [--edgerec PATH] [--work DIR]
#
#   --movielens DIR  MovieLens-100K's directory (u.data, u.item, u.user), converted with
#                    scripts/movielens-to-personalize; without it, `edgerec synth` makes a shop
#   --edgerec PATH   the CLI (default build/native/edgerec)
#   --work DIR       where the group and files go (default build/walkthrough; replaced)
#
# CTest runs it on synthetic data (examples.cli_walkthrough), so it cannot rot.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EDGEREC="$ROOT/build/native/edgerec"
WORK="$ROOT/build/walkthrough"
MOVIELENS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --movielens) MOVIELENS="$2"; shift 2 ;;
    --edgerec) EDGEREC="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "walkthrough: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }
run() { printf '$ %s\n' "$*" >&2; "$@"; }  # the command on stderr: stdout may be piped
# A member of a JSON document on stdin, by a JavaScript path (node is part of the toolchain).
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=eval("(o)=>o"+process.argv[1])(JSON.parse(s));console.log(typeof v==="string"?v:JSON.stringify(v))})' "$1"; }

rm -rf "$WORK"
mkdir -p "$WORK/data"
GROUP="$WORK/shop"

step "1. The CSV files: interactions and items"
if [[ -n "$MOVIELENS" ]]; then
  run python3 "$ROOT/scripts/movielens-to-personalize" "$MOVIELENS" "$WORK/data"
  USER=196 ITEM=1 FILTER_FIELD=GENRES FILTER_VALUE=Comedy SHOWN=TITLE
else
  run "$EDGEREC" synth --users 400 --items 150 --interactions 12000 --seed 7 \
    --output "$WORK/data/interactions.csv" --items-output "$WORK/data/items.csv"
  cat > "$WORK/data/items.json" <<'EOF'
{"type": "record", "name": "Items", "namespace": "com.amazonaws.personalize.schema", "version": "1.0",
 "fields": [{"name": "ITEM_ID", "type": "string"}, {"name": "GENRE", "type": "string", "categorical": true},
            {"name": "CATEGORY", "type": "string", "categorical": true}, {"name": "PRICE", "type": "float"},
            {"name": "CREATION_TIMESTAMP", "type": "long"}]}
EOF
  USER=u1 ITEM=i1 FILTER_FIELD=GENRE FILTER_VALUE=genre_3 SHOWN=GENRE
fi
head -3 "$WORK/data/interactions.csv"

step "2. A dataset group, its datasets, the import jobs"
run "$EDGEREC" create-dataset-group "$GROUP"
run "$EDGEREC" import "$GROUP" --dataset interactions --csv "$WORK/data/interactions.csv" | json '.status'
run "$EDGEREC" import "$GROUP" --dataset items --csv "$WORK/data/items.csv" --schema "$WORK/data/items.json" | json '.status'
printf 'minimum data for training: '
"$EDGEREC" describe "$GROUP" | json '.datasets.interactions.minimumData'

step "3. Solution versions: user-personalization, similar-items, popularity-count"
run "$EDGEREC" train "$GROUP" --recipe user-personalization --hp hpo_trials=1 --hp factors=16 --quiet
run "$EDGEREC" train "$GROUP" --recipe similar-items --quiet
run "$EDGEREC" train "$GROUP" --recipe popularity-count --quiet
version_of() { "$EDGEREC" describe "$GROUP" | json ".solutionVersions.filter(v=>v.recipe==='$1').at(-1).$2"; }
PERSONAL=$(version_of user-personalization path)
SIMS=$(version_of similar-items path)
POPULAR=$(version_of popularity-count path)

step "4. Their metrics (Personalize's GetSolutionMetrics), personalization against popularity"
for erec in "$PERSONAL" "$POPULAR"; do
  printf '%s  ' "$(basename "$erec")"
  "$EDGEREC" metrics "$erec" | json '.metrics' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);console.log(["normalized_discounted_cumulative_gain_at_10","precision_at_10","coverage"].map(k=>k+"="+Number(m[k]).toFixed(4)).join("  "))})'
done

step "5. The report: every version's metrics and charts on one page"
run "$EDGEREC" report "$GROUP" --output "$WORK/report.html"

step "6. A campaign, and what it recommends"
run "$EDGEREC" create-campaign "$GROUP" --name shop-for-you --solution-version "$(version_of user-personalization solutionVersionId)" | json '.campaignArn'
# Each item with a column of its Items row (the title where there is one), as the console shows
# them: Edgerec.DescribeItems, one of the operations `edgerec api` runs as the server does.
shown() {
  local ids
  ids=$(json '.itemList.map(x=>x.itemId)')
  "$EDGEREC" api --home "$WORK" Edgerec.DescribeItems \
    "{\"datasetGroupArn\":\"arn:aws:personalize:us-east-1:000000000000:dataset-group/shop\",\"itemIds\":$ids}" |
    json '.items.map(x=>x.itemId+" ("+(x.metadata?.'"$SHOWN"' ?? "?")+")").join(", ")'
}
run "$EDGEREC" recommend --solution "$PERSONAL" --user-id "$USER" --num-results 5 | shown
run "$EDGEREC" recommend --solution "$SIMS" --item-id "$ITEM" --num-results 5 | shown

step "7. A filter: only items of one $FILTER_FIELD"
EXPRESSION="INCLUDE ItemID WHERE Items.$FILTER_FIELD IN (\$VALUE)"
run "$EDGEREC" create-filter "$GROUP" --name one-kind --expression "$EXPRESSION" | json '.filterArn'
run "$EDGEREC" recommend --solution "$PERSONAL" --user-id "$USER" --num-results 5 --filter "$EXPRESSION" \
  --filter-values "{\"VALUE\":\"\\\"$FILTER_VALUE\\\"\"}" --metadata-columns "$FILTER_FIELD" |
  json '.itemList.map(x=>x.itemId+" ("+x.metadata.'"$FILTER_FIELD"'+")").join(" ")'

step "8. A batch inference job: recommendations for many users at once"
node -e 'for (let u = 0; u < 50; u++) console.log(JSON.stringify({userId: process.argv[1] === "ml" ? String(u + 1) : "u" + u}))' \
  "$([[ -n "$MOVIELENS" ]] && echo ml || echo synth)" > "$WORK/users.jsonl"
run "$EDGEREC" batch --solution "$PERSONAL" --input "$WORK/users.jsonl" --output "$WORK/recommendations.jsonl" \
  --num-results 10 --quiet
head -c 200 "$WORK/recommendations.jsonl"; echo

step "Next"
cat <<EOF
The group is $GROUP, the report $WORK/report.html.
Serve the campaign to Personalize's SDKs, with the console at /console:
  $EDGEREC create-access-key --home $WORK
  $EDGEREC serve --home $WORK
walkthrough: done
EOF
