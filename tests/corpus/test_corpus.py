"""The starter corpus and the golden set are well-formed and agree with each other."""

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "tests" / "eval" / "dev.jsonl"
DOCS = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")
REQUIRED = {"title", "source", "source_type", "published", "url", "language", "topics", "places"}


def _split(path: Path) -> tuple[dict, str]:  # type: ignore[type-arg]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name}: no front matter"
    _, raw, body = text.split("---\n", 2)
    return yaml.safe_load(raw), body


def _golden() -> list[dict]:  # type: ignore[type-arg]
    return [
        json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_corpus_size_and_language_mix() -> None:
    assert len(DOCS) >= 30
    langs = Counter(_split(p)[0]["language"] for p in DOCS)
    assert langs["es"] / len(DOCS) >= 0.4


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_front_matter_and_length(path: Path) -> None:
    meta, body = _split(path)
    assert set(meta) >= REQUIRED, REQUIRED - set(meta)
    assert isinstance(meta["title"], str) and meta["title"].strip()
    assert isinstance(meta["source"], str) and meta["source"].strip()
    assert meta["source_type"] in {"news", "official", "report", "analysis", "opinion"}
    assert meta["language"] in {"es", "en"}
    published = meta["published"]
    assert published is None or isinstance(published, dt.date), published
    assert meta["url"] is None or str(meta["url"]).startswith(("http://", "https://"))
    assert isinstance(meta["topics"], list) and meta["topics"]
    assert isinstance(meta["places"], list) and meta["places"]
    assert 300 <= len(body.split()) <= 900


def test_corpus_readme_lists_every_document() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in DOCS if f"`{p.name}`" not in readme]
    assert not missing


def test_golden_set_shape() -> None:
    rows = _golden()
    kinds = Counter(r["kind"] for r in rows)
    assert len(rows) >= 60
    assert kinds["factual"] >= 25 and kinds["crosslingual"] >= 15
    assert kinds["unanswerable"] >= 8 and kinds["followup"] >= 6
    ids = {r["id"] for r in rows}
    assert len(ids) == len(rows)
    names = {p.name for p in DOCS}
    for r in rows:
        assert {"id", "question", "lang", "kind", "expect_doc", "expect_any", "after"} <= set(r)
        assert r["lang"] in {"es", "en"}
        if r["kind"] == "unanswerable":
            assert r["expect_doc"] is None and r["expect_any"] == []
        else:
            assert r["expect_doc"] in names and r["expect_any"]
        if r["kind"] == "followup":
            assert r["after"] in ids
        if r["kind"] == "crosslingual":
            assert _split(CORPUS / r["expect_doc"])[0]["language"] != r["lang"]


def test_every_expected_phrase_is_in_its_document() -> None:
    for r in _golden():
        if r["expect_doc"] is None:
            continue
        body = _split(CORPUS / r["expect_doc"])[1].lower()
        for phrase in r["expect_any"]:
            assert phrase.lower() in body, (r["id"], phrase)


@pytest.mark.slow
def test_whole_corpus_ingests_without_skips(corpus_index) -> None:  # type: ignore[no-untyped-def]
    _, report = corpus_index
    assert report.skipped == []
    assert report.added == len(DOCS)
