#!/usr/bin/env bash
# What zstd compression of event batches saves on the wire against what its compressor would add
# to the WebAssembly core (issue 15: the wasm links zstd's decompressor only, so the device seals
# batches raw). One JSON line per measurement, then a table:
#
#   batch_bytes    an upload batch of N realistic events (ids, types, items, some
#                  recommendationIds and properties) as .erev raw, .erev zstd (libzstd, as
#                  `edgerec encode-batch` writes) and the raw batch gzipped (what a browser's own
#                  CompressionStream would send, at no cost to the wasm)
#   wasm_cost      zstd's compressor built for wasm as the core builds zstd (-O3, same defines):
#                  a module calling ZSTD_decompress only, and one calling ZSTD_compress too,
#                  raw and gzipped; the difference is what sealing compressed batches on the
#                  device would cost
#
#   tests/bench/batch_compression_cost.sh [--native-build DIR] [--work-dir DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$ROOT/build/native"
WORK=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --native-build) BUILD="$2"; shift 2 ;;
    --work-dir) WORK="$2"; shift 2 ;;
    *) echo "batch_compression_cost.sh: unknown flag $1" >&2; exit 2 ;;
  esac
done
WORK="${WORK:-$ROOT/build/bench/batch-compression}"
ZSTD_LIB="$ROOT/third_party/zstd/lib"
mkdir -p "$WORK"
E="$BUILD/edgerec"
RESULTS="$WORK/results.jsonl"
: >"$RESULTS"

for n in 10 100 500; do
  python3 - "$n" >"$WORK/batch-$n.json" <<'EOF'
import json, random, sys, uuid
n = int(sys.argv[1])
rng = random.Random(n)
events = []
for i in range(n):
    e = {"eventId": str(uuid.UUID(int=rng.getrandbits(128))), "eventType": rng.choice(["click", "view", "purchase"]),
         "sentAt": 1764600000 + i * rng.randint(1, 30), "itemId": "item-%d" % rng.randint(1, 27000)}
    if rng.random() < 0.3:
        e["recommendationId"] = "RID-" + str(uuid.UUID(int=rng.getrandbits(128)))
    if rng.random() < 0.2:
        e["properties"] = json.dumps({"numRatings": rng.randint(1, 5), "device": rng.choice(["mobile", "desktop"])})
    events.append(e)
print(json.dumps({"batchId": "bench-%d" % n, "trackingId": "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
                  "sessionId": "session-1", "userId": "user-42", "events": events}))
EOF
  "$E" encode-batch --json "$WORK/batch-$n.json" --output "$WORK/raw-$n.erev" --raw >/dev/null 2>>"$WORK/encode.log"
  "$E" encode-batch --json "$WORK/batch-$n.json" --output "$WORK/zstd-$n.erev" >/dev/null 2>>"$WORK/encode.log"
  raw=$(stat -c %s "$WORK/raw-$n.erev")
  zst=$(stat -c %s "$WORK/zstd-$n.erev")
  gz=$(gzip -9c "$WORK/raw-$n.erev" | wc -c)
  printf '{"bench":"batch_compression","case":"batch_bytes","events":%d,"raw":%d,"zstd":%d,"raw_gzip":%d}\n' \
    "$n" "$raw" "$zst" "$gz" | tee -a "$RESULTS"
done

if command -v emcc >/dev/null && [[ -f "$ZSTD_LIB/zstd.h" ]]; then
  common=("$ZSTD_LIB"/common/{debug,entropy_common,error_private,fse_decompress,xxhash,zstd_common}.c)
  decompress=("$ZSTD_LIB"/decompress/{huf_decompress,zstd_ddict,zstd_decompress,zstd_decompress_block}.c)
  compress=("$ZSTD_LIB"/compress/*.c)
  defines=(-DZSTD_DISABLE_ASM -DZSTD_LEGACY_SUPPORT=0 -DXXH_NAMESPACE=ZSTD_ -I"$ZSTD_LIB" -I"$ZSTD_LIB/common")
  cat >"$WORK/decompress_only.c" <<'EOF'
#include <zstd.h>
__attribute__((used)) size_t run(void* dst, size_t cap, const void* src, size_t size) {
  return ZSTD_decompress(dst, cap, src, size);
}
EOF
  cat >"$WORK/with_compress.c" <<'EOF'
#include <zstd.h>
__attribute__((used)) size_t run(void* dst, size_t cap, const void* src, size_t size) {
  return ZSTD_decompress(dst, cap, src, size);
}
__attribute__((used)) size_t pack(void* dst, size_t cap, const void* src, size_t size) {
  return ZSTD_compress(dst, cap, src, size, 3);
}
EOF
  emcc -O3 "${defines[@]}" "$WORK/decompress_only.c" "${common[@]}" "${decompress[@]}" --no-entry \
    -sEXPORTED_FUNCTIONS=_run -sSTANDALONE_WASM -o "$WORK/decompress_only.wasm" 2>"$WORK/emcc.err"
  emcc -O3 "${defines[@]}" "$WORK/with_compress.c" "${common[@]}" "${decompress[@]}" "${compress[@]}" --no-entry \
    -sEXPORTED_FUNCTIONS=_run,_pack -sSTANDALONE_WASM -o "$WORK/with_compress.wasm" 2>>"$WORK/emcc.err"
  for m in decompress_only with_compress; do
    printf '{"bench":"batch_compression","case":"wasm_cost","module":"%s","bytes":%d,"gzip":%d}\n' "$m" \
      "$(stat -c %s "$WORK/$m.wasm")" "$(gzip -9c "$WORK/$m.wasm" | wc -c)" | tee -a "$RESULTS"
  done
else
  echo "batch_compression_cost.sh: emcc or the zstd sources are missing (scripts/setup): wasm cost not measured" >&2
fi

python3 - "$RESULTS" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print()
print("event batches: raw .erev, zstd .erev, raw gzipped (bytes; share of raw)")
for r in rows:
    if r["case"] == "batch_bytes":
        print(f"  {r['events']:>4} events  raw {r['raw']:>7}  zstd {r['zstd']:>7} ({r['zstd'] / r['raw']:.0%})  "
              f"gzip {r['raw_gzip']:>7} ({r['raw_gzip'] / r['raw']:.0%})")
w = {r["module"]: r for r in rows if r["case"] == "wasm_cost"}
if len(w) == 2:
    d, c = w["decompress_only"], w["with_compress"]
    print(f"zstd's compressor in wasm: +{c['bytes'] - d['bytes']} bytes, +{c['gzip'] - d['gzip']} gzipped "
          f"(decompressor alone {d['gzip']} gzipped)")
EOF
