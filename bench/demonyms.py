"""How well :func:`bot.brief.gazetteer.is_demonym` tells demonyms from other capitalised
words, on the dev documents, for each value of ``MIN_SHARED`` and ``MAX_DROPPED``.

Usage::

    python bench/demonyms.py [--show]

The candidates are the capitalised words of the dev timeline's documents
(``tests/eval/timeline_dev.jsonl``; no test-split document is read) that end with a demonym
suffix and are not a place name (the CLDR's or their document's metadata's); the demonyms
among them are labelled in ``tests/eval/demonyms_dev.txt``. Prints, per value, the words
flagged, precision and recall. No models needed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

from bot.brief import gazetteer  # noqa: E402
from ingest.text import fold  # noqa: E402

EVAL = ROOT / "tests" / "eval"
_CAPITALISED = re.compile(r"(?<![\w.])[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+\b")
_PLACES = re.compile(r"^places: \[(.*)\]", re.MULTILINE)


def candidates() -> dict[str, set[str]]:
    """Candidate words of the dev documents, each with its documents' metadata places."""
    lines = (EVAL / "timeline_dev.jsonl").read_text(encoding="utf-8").splitlines()
    docs = sorted({json.loads(line)["doc_id"] for line in lines if line.strip()})
    words: dict[str, set[str]] = {}
    for doc in docs:
        text = (ROOT / "corpus" / doc).read_text(encoding="utf-8")
        listed = _PLACES.search(text)
        places = {p.strip() for p in listed[1].split(",")} if listed else set()
        for word in _CAPITALISED.findall(text):
            words.setdefault(word, set()).update(places)

    def suffixed(word: str) -> bool:
        folded = fold(word)
        return any(
            folded.endswith(s) and len(folded) - len(s) >= gazetteer.MIN_STEM
            for s in gazetteer.SUFFIXES
        )

    known = gazetteer.cldr_places()
    return {
        w: p
        for w, p in sorted(words.items())
        if suffixed(w) and fold(w) not in known and fold(w) not in {fold(x) for x in p}
    }


def main() -> None:
    """Print the sweep."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the candidate words")
    args = parser.parse_args()
    words = candidates()
    lines = (EVAL / "demonyms_dev.txt").read_text(encoding="utf-8").splitlines()
    labelled = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert labelled <= set(words), sorted(labelled - set(words))
    print(f"{len(words)} candidate words, {len(labelled)} demonyms among them")
    if args.show:
        print(", ".join(words))
    current = (gazetteer.MIN_SHARED, gazetteer.MAX_DROPPED)
    print("| MIN_SHARED, MAX_DROPPED | flagged | P | R | F1 | wrongly flagged | missed |")
    print("|---|---|---|---|---|---|---|")
    try:
        for shared in (3, 4, 5, 6):
            for dropped in (1, 2, 3, 4, 99):
                gazetteer.MIN_SHARED, gazetteer.MAX_DROPPED = shared, dropped
                flagged = {w for w, places in words.items() if gazetteer.is_demonym(w, places)}
                right = flagged & labelled
                p = len(right) / len(flagged) if flagged else 0.0
                r = len(right) / len(labelled)
                f1 = 2 * p * r / (p + r) if p + r else 0.0
                mark = "*" if (shared, dropped) == current else ""
                print(
                    f"| {shared}, {dropped}{mark} | {len(flagged)} | {p:.3f} | {r:.3f} | "
                    f"{f1:.3f} | {', '.join(sorted(flagged - labelled))} | "
                    f"{', '.join(sorted(labelled - flagged))} |"
                )
    finally:
        gazetteer.MIN_SHARED, gazetteer.MAX_DROPPED = current


if __name__ == "__main__":
    main()
