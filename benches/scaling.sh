#!/usr/bin/env bash
# How `filrouge analyze` scales with corpus size and threads.
#
# usage: benches/scaling.sh [SIZES_MB...]        (default: 10 100 1000)
# environment:
#   THREADS="1 2"   thread counts to run at each size
#   RUNS=1          rounds at each size: in each, every thread count runs once, in turn (1, 2, 1,
#                   2…), so that a VM whose speed drifts treats them alike; the table keeps each
#                   thread count's shortest wall time and its highest peak RSS
#   KEEP=           a folder to keep the generated corpora in (default: a temp folder, removed)
#
# The corpora are made by concatenating the bench corpora of ../shared/data/bench/ — the Grand
# Débat answers (JSON Lines) and the Assembly debates (one JSON line per paragraph) — copy after
# copy, each copy with distinct document ids (`-c2`, `-c3`… appended), until the size is reached
# (the last copy is cut at a line), written as a folder of JSON Lines parts of at most 100 MB.
# Each size is analysed with every thread count under /usr/bin/time -v; the table gives wall
# time, MB/s, peak RSS, RSS / corpus size, the time ratio to the smallest size (same thread count)
# divided by the size ratio ("× linear": 1.00 is perfectly linear, above 1 worse), and the
# speed-up over the first thread count.
set -euo pipefail

die() { echo "scaling.sh: $*" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/../shared/data/bench
[ -f "$BENCH/granddebat-answers.jsonl" ] || die "$BENCH/granddebat-answers.jsonl is missing"
[ -d "$BENCH/debats-an-2013" ] || die "$BENCH/debats-an-2013 is missing"
command -v /usr/bin/time >/dev/null || die "/usr/bin/time is missing (apt-get install time)"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10 100 1000)
THREADS=${THREADS:-"1 2"}
RUNS=${RUNS:-1}
[ "$RUNS" -ge 1 ] 2>/dev/null || die "RUNS must be a whole number, at least 1"

if [ -n "${KEEP:-}" ]; then
  WORK=$KEEP
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/filrouge-scaling.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi
trap 'exit 130' INT TERM

echo "== building filrouge (release)" >&2
(cd "$ROOT" && cargo build --release --quiet --bin filrouge) || die "cargo build failed"
FILROUGE=${CARGO_TARGET_DIR:-$ROOT/target}/release/filrouge

# One base file: the answers, then the debates as one JSON line per non-empty paragraph.
BASE=$WORK/base.jsonl
if [ ! -s "$BASE" ]; then
  python3 - "$BENCH" "$BASE" <<'EOF'
import json, pathlib, sys
bench, out = pathlib.Path(sys.argv[1]), sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for line in open(bench / "granddebat-answers.jsonl", encoding="utf-8"):
        f.write(line if line.endswith("\n") else line + "\n")
    for p in sorted((bench / "debats-an-2013").glob("*.txt")):
        for i, para in enumerate(p.read_text(encoding="utf-8").split("\n\n")):
            if para.strip():
                f.write(json.dumps({"id": f"an-{p.stem}-{i}", "text": para.strip()},
                                   ensure_ascii=False) + "\n")
EOF
fi

make_corpus() { # size_mb folder: parts of at most 100 MB (filrouge reads files up to 256 MiB)
  mkdir -p "$2"
  python3 - "$BASE" "$1" "$2" <<'EOF'
import sys
base, size, out = sys.argv[1], int(sys.argv[2]) * 1_000_000, sys.argv[3]
part_max = 100_000_000
lines = open(base, "rb").read().splitlines(keepends=True)
written, copy, part, in_part = 0, 0, 0, 0
f = open(f"{out}/part-{part:03}.jsonl", "wb")
while written < size:
    copy += 1
    for line in lines:
        if written + len(line) > size:
            break
        if copy > 1:  # distinct ids: "id": "gdn-000001" -> "gdn-000001-c2"
            k = line.index(b'"id": "') + 7
            e = line.index(b'"', k)
            line = line[:e] + b"-c%d" % copy + line[e:]
        if in_part + len(line) > part_max:
            f.close()
            part, in_part = part + 1, 0
            f = open(f"{out}/part-{part:03}.jsonl", "wb")
        f.write(line)
        written += len(line)
        in_part += len(line)
    else:
        continue
    break
f.close()
EOF
}

printf '| size | threads | wall s | MB/s | peak RSS MiB | RSS / size | × linear | speed-up vs 1 thread |\n'
printf '|---|---|---|---|---|---|---|---|\n'
first_size=""; declare -A first_wall
for mb in "${SIZES[@]}"; do
  corpus=$WORK/corpus-${mb}MB
  [ -d "$corpus" ] || make_corpus "$mb" "$corpus"
  bytes=$(cat "$corpus"/*.jsonl | wc -c)
  declare -A best_wall=() max_rss=()
  for r in $(seq 1 "$RUNS"); do
    for t in $THREADS; do
      echo "== $mb MB, $t thread(s), run $r/$RUNS" >&2
      rm -rf "$WORK/out"
      /usr/bin/time -v -o "$WORK/time.txt" "$FILROUGE" --threads "$t" analyze "$corpus" \
        --out "$WORK/out" >/dev/null 2>"$WORK/err.txt" || {
          code=$?
          [ $code -eq 1 ] || { tail -5 "$WORK/err.txt" >&2; die "filrouge failed ($code) on $mb MB"; }
        }
      wall=$(awk -F': ' '/Elapsed/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/time.txt")
      rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$WORK/time.txt")
      if [ -z "${best_wall[$t]:-}" ] || awk -v a="$wall" -v b="${best_wall[$t]}" 'BEGIN { exit !(a < b) }'; then
        best_wall[$t]=$wall
      fi
      [ "${max_rss[$t]:-0}" -ge "$rss" ] || max_rss[$t]=$rss
    done
  done
  one=""
  for t in $THREADS; do
    wall=${best_wall[$t]}
    rss=${max_rss[$t]}
    [ -n "$one" ] || one=$wall
    [ -n "$first_size" ] || first_size=$bytes
    [ -n "${first_wall[$t]:-}" ] || first_wall[$t]=$wall
    python3 - "$mb" "$t" "$bytes" "$wall" "$rss" "$first_size" "${first_wall[$t]}" "$one" <<'EOF'
import sys
mb, t, size, wall, rss, s0, w0, one = sys.argv[1:]
size, wall, rss, s0, w0, one = int(size), float(wall), int(rss), int(s0), float(w0), float(one)
print(f"| {size / 1e6:.0f} MB | {t} | {wall:.2f} | {size / 1e6 / wall:.1f} | {rss / 1024:.0f} | "
      f"{rss * 1024 / size:.2f} | {(wall / w0) / (size / s0):.2f} | {one / wall:.2f} |")
EOF
  done
done
