#!/usr/bin/env python3
"""Write filrouge's general-French reference frequency table from wordfreq.

Reads wordfreq's French 'large' word list (shipped inside the PyPI package `wordfreq`; nothing is
downloaded), keeps lowercase Latin-script words (letters only, with internal hyphens or
apostrophes), normalises them the way filrouge's analyser does (lowercase, ’ and ʼ → ', NFC),
sums the frequencies of words that become identical, and writes the N most frequent as
`word<TAB>occurrences per billion words` to data/reference/wordfreq-fr.tsv, sorted by frequency
descending then word (code-point order).

Deterministic: the same wordfreq version and the same date give the same bytes. The date in the
header is --date when given, else SOURCE_DATE_EPOCH when set, else today (UTC). `--check` regenerates
with the date found in the existing file and fails if the bytes differ.

Regenerate (from the repository root):

    python3 -m venv /tmp/venv-ref && /tmp/venv-ref/bin/pip install -r scripts/reference/requirements.txt \
      && /tmp/venv-ref/bin/python scripts/reference/make_reference.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import re
import sys
import unicodedata
from pathlib import Path

import wordfreq

LANG = "fr"
WORDLIST = "large"
DEFAULT_N = 60_000
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "data" / "reference" / "wordfreq-fr.tsv"
DATE_PREFIX = "# generated: "


def normalise(word: str) -> str:
    """filrouge's analyser normalisation: ’ and ʼ → ', lowercase, NFC (no accent folding)."""
    word = word.replace("\u2019", "'").replace("\u02bc", "'")
    return unicodedata.normalize("NFC", word.lower())


def is_latin_lower_letter(ch: str) -> bool:
    """A lowercase letter of the Latin script (a–z, é, è, ç, œ, ß, …)."""
    return unicodedata.category(ch) == "Ll" and unicodedata.name(ch, "").startswith("LATIN ")


SEPARATORS = re.compile(r"['-]")


def is_word(word: str) -> bool:
    """Letters only, allowing single internal hyphens and apostrophes (aujourd'hui, c-à-d)."""
    parts = SEPARATORS.split(word)
    return all(part and all(is_latin_lower_letter(ch) for ch in part) for part in parts)


def build_rows(n: int) -> list[tuple[str, int]]:
    """The n most frequent kept words with their frequency in occurrences per billion words."""
    sums: dict[str, float] = {}
    for raw, freq in wordfreq.get_frequency_dict(LANG, wordlist=WORDLIST).items():
        word = normalise(raw)
        if is_word(word):
            sums[word] = sums.get(word, 0.0) + freq
    rows = [(word, round(freq * 1e9)) for word, freq in sums.items()]
    rows = [row for row in rows if row[1] > 0]
    rows.sort(key=lambda row: (-row[1], row[0]))
    return rows[:n]


def render(rows: list[tuple[str, int]], n: int, date: str) -> str:
    version = importlib.metadata.version("wordfreq")
    header = [
        "# filrouge general-French reference word frequencies",
        f"# source: wordfreq {version} (PyPI package `wordfreq`, Robyn Speer),"
        f" get_frequency_dict('{LANG}', wordlist='{WORDLIST}'); corpora: Wikipedia, subtitles"
        " (OpenSubtitles 2018), news (NewsCrawl 2014, GlobalVoices), books (Google Books Ngrams"
        " 2012), web (OSCAR), Twitter, Reddit",
        f"# wordfreq-version: {version}",
        "# licence: CC BY-SA 4.0 <https://creativecommons.org/licenses/by-sa/4.0/>;"
        " derived from wordfreq's data, so this file is CC BY-SA 4.0 too (see data/reference/README.md)",
        f"{DATE_PREFIX}{date}",
        f"# n: {n} (rows: {len(rows)})",
        "# filter: lowercase Latin-script letters, internal ' or - allowed; normalised: ’ ʼ -> ', NFC",
        "# unit: occurrences per billion words (integer); sorted by frequency desc, then word",
        "# columns: word<TAB>per_billion",
    ]
    body = [f"{word}\t{per_billion}" for word, per_billion in rows]
    return "\n".join(header + body) + "\n"


def existing_date(path: Path) -> str:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith(DATE_PREFIX):
                return line[len(DATE_PREFIX):].strip()
            if not line.startswith("#"):
                break
    sys.exit(f"{path}: no '{DATE_PREFIX.strip()}' header line")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=DEFAULT_N, help=f"rows to keep (default {DEFAULT_N})")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help="output TSV")
    parser.add_argument("--date", help="date for the header, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument(
        "--check", action="store_true",
        help="regenerate with the existing file's date and fail if the bytes differ",
    )
    args = parser.parse_args()

    if args.check:
        date = existing_date(args.out)
    elif args.date:
        date = dt.date.fromisoformat(args.date).isoformat()
    elif "SOURCE_DATE_EPOCH" in os.environ:
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        date = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date().isoformat()
    else:
        date = dt.datetime.now(dt.timezone.utc).date().isoformat()

    text = render(build_rows(args.n), args.n, date)
    data = text.encode("utf-8")

    if args.check:
        same = args.out.read_bytes() == data
        print(f"{args.out}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1

    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: {text.count(chr(10))} lines, {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
