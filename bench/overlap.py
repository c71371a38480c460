"""Check that an eval set paraphrases its documents instead of copying them.

Usage::

    python bench/overlap.py [--set tests/eval/test.jsonl] [--corpus corpus] [--dev]

For every question with an ``expect_doc``, the *answering sentence* is the sentence of that
document holding the first ``expect_any`` phrase, and the overlap is the share of the
question's content words (``ingest.lexical.tokenize``: folded, stop words dropped) that the
sentence also has. The script prints each question's overlap, the max and mean for same- and
cross-language questions, and exits 1 when

- an answerable question's overlap is 0.6 or more, or its first expected phrase is not found
  verbatim (same case and accents) in one sentence of its document, or another of its phrases
  is not in that same sentence;
- the set is malformed: unknown kind or language, duplicate id, a follow-up whose ``after`` is
  not an earlier question, a missing document, a language that does not fit the kind;
- (the frozen test set's own rules, skipped with ``--dev``) a follow-up is not right after its
  antecedent, an unanswerable question has no ``related_doc`` in the corpus, a kind has fewer
  questions than :data:`MINIMUMS`, factual questions cover fewer than 20 documents, or
  off-topic questions have fewer than 4 in either language.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

from ingest.text import tokenize  # noqa: E402

MAX_OVERLAP = 0.6
KINDS = {"factual", "crosslingual", "unanswerable", "offtopic", "followup"}
MINIMUMS = {"factual": 30, "crosslingual": 10, "unanswerable": 10, "offtopic": 10, "followup": 7}
MIN_FACTUAL_DOCS = 20
MIN_OFFTOPIC_PER_LANGUAGE = 4

_BOUNDARY = re.compile(r"[.!?…][\"»”')]?\s+(?=[¿¡\"«“(]?[A-ZÁÉÍÓÚÑÜ])")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Za-z]\.|(?:[A-Za-z]{1,2}\.){2,})$")  # p. U.S. EE.UU.


def load_set(path: Path) -> list[dict[str, Any]]:
    """The questions of a JSONL eval set, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_document(path: Path) -> tuple[dict[str, Any], str]:
    """A corpus document's front matter and body."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def sentences(text: str) -> list[str]:
    """Sentences of a Markdown body: lines split after . ! ? before a capital (not U.S. or EE.UU.)."""
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip("#-* ").strip()
        start = 0
        for match in _BOUNDARY.finditer(line):
            if _ABBREVIATION.search(line[start : match.start() + 1]):
                continue
            out.append(line[start : match.end()].strip())
            start = match.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return out


def answering_sentence(body: str, phrase: str) -> str | None:
    """The first sentence of ``body`` that contains ``phrase`` verbatim."""
    return next((s for s in sentences(body) if phrase in s), None)


def overlap(question: str, sentence: str) -> float:
    """Share of the question's content words that the sentence also has (0 when it has none)."""
    asked = set(tokenize(question))
    return len(asked & set(tokenize(sentence))) / len(asked) if asked else 0.0


def structure_problems(items: list[dict[str, Any]], corpus: Path, frozen: bool) -> list[str]:
    """What is malformed in the set (with ``frozen``, also what breaks the test set's rules)."""
    problems = []
    seen: list[str] = []
    for item in items:
        qid, kind, doc = item["id"], item["kind"], item.get("expect_doc")
        if kind not in KINDS or item["lang"] not in {"es", "en"}:
            problems.append(f"{qid}: kind {kind!r} or lang {item['lang']!r} unknown")
        if qid in seen:
            problems.append(f"{qid}: duplicate id")
        if kind == "followup" and item.get("after") not in seen:
            problems.append(f"{qid}: 'after' is {item.get('after')!r}, not an earlier question")
        elif kind == "followup" and frozen and item["after"] != seen[-1]:
            problems.append(f"{qid}: not right after its antecedent {item['after']}")
        if kind != "followup" and item.get("after"):
            problems.append(f"{qid}: only follow-ups have 'after'")
        seen.append(qid)
        if kind in {"unanswerable", "offtopic"}:
            if doc is not None or item["expect_any"]:
                problems.append(f"{qid}: {kind} questions expect no document and no phrase")
            related = item.get("related_doc")
            if frozen and kind == "unanswerable" and not (related and (corpus / related).is_file()):
                problems.append(f"{qid}: related_doc {related!r} is not in the corpus")
            continue
        if not (doc and (corpus / doc).is_file()):
            problems.append(f"{qid}: expect_doc {doc!r} is not in the corpus")
            continue
        if not 1 <= len(item["expect_any"]) <= 3:
            problems.append(f"{qid}: expect_any needs 1 to 3 phrases")
        same = read_document(corpus / doc)[0]["language"] == item["lang"]
        if (kind == "factual" and not same) or (kind == "crosslingual" and same):
            problems.append(f"{qid}: a {kind} question in {item['lang']} over {doc}")
    if frozen:
        kinds = Counter(item["kind"] for item in items)
        problems += [
            f"{k}: {kinds[k]} questions, at least {n} needed"
            for k, n in MINIMUMS.items()
            if kinds[k] < n
        ]
        docs = {item["expect_doc"] for item in items if item["kind"] == "factual"}
        if len(docs) < MIN_FACTUAL_DOCS:
            problems.append(
                f"factual questions cover {len(docs)} documents, {MIN_FACTUAL_DOCS} needed"
            )
        langs = Counter(item["lang"] for item in items if item["kind"] == "offtopic")
        if min(langs["es"], langs["en"]) < MIN_OFFTOPIC_PER_LANGUAGE:
            problems.append(f"offtopic questions per language: {dict(langs)}")
    return problems


def overlaps(items: list[dict[str, Any]], corpus: Path) -> tuple[dict[str, float], list[str]]:
    """Each answerable question's overlap, and the phrases not found or the overlaps too high."""
    found: dict[str, float] = {}
    problems = []
    for item in items:
        doc = item.get("expect_doc")
        if not doc or not (corpus / doc).is_file():
            continue
        phrases = item["expect_any"]
        sentence = (
            answering_sentence(read_document(corpus / doc)[1], phrases[0]) if phrases else None
        )
        if sentence is None:
            problems.append(f"{item['id']}: {phrases[:1]!r} is not in one sentence of {doc}")
            continue
        for phrase in phrases[1:]:
            if phrase not in sentence:
                problems.append(f"{item['id']}: {phrase!r} is not in the answering sentence")
        found[item["id"]] = overlap(item["question"], sentence)
        if found[item["id"]] >= MAX_OVERLAP:
            problems.append(f"{item['id']}: overlap {found[item['id']]:.2f} >= {MAX_OVERLAP}")
    return found, problems


def main(argv: list[str] | None = None) -> int:
    """Print the overlaps and the problems; 1 when there is any problem."""
    parser = argparse.ArgumentParser(
        description="Check that an eval set paraphrases its documents."
    )
    parser.add_argument("--set", dest="path", type=Path, default=ROOT / "tests/eval/test.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--dev", action="store_true", help="skip the frozen test set's own rules")
    args = parser.parse_args(argv)
    items = load_set(args.path)
    problems = structure_problems(items, args.corpus, frozen=not args.dev)
    found, overlap_problems = overlaps(items, args.corpus)
    problems += overlap_problems
    languages: dict[str, str] = {}
    for item in items:
        if item["id"] in found:
            doc_lang = read_document(args.corpus / item["expect_doc"])[0]["language"]
            languages[item["id"]] = "same" if doc_lang == item["lang"] else "cross"
            print(
                f"{item['id']}  {item['kind']:12} {item['lang']}  {found[item['id']]:.2f}  {item['expect_doc']}"
            )
    for group in ("same", "cross"):
        values = [found[q] for q, g in languages.items() if g == group]
        if values:
            print(
                f"{group}-language answerable: n={len(values)} max={max(values):.2f} mean={mean(values):.2f}"
            )
    kinds = Counter(item["kind"] for item in items)
    print("kinds: " + ", ".join(f"{k}={kinds[k]}" for k in sorted(kinds)))
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
