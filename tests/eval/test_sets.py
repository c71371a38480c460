"""The dev and test sets are well-formed, and the frozen test set paraphrases its documents.

No models: this reads the JSONL sets and the corpus only. The paraphrase check is the one of
``bench/overlap.py`` (imported by path: bench/ is scripts, not a package).
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SET_PATHS = {"dev": ROOT / "tests/eval/dev.jsonl", "test": ROOT / "tests/eval/test.jsonl"}


def _overlap_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_overlap", ROOT / "bench" / "overlap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


overlap = _overlap_module()
SETS: dict[str, list[dict[str, Any]]] = {
    name: overlap.load_set(path) for name, path in SET_PATHS.items()
}


def _body(doc: str) -> str:
    return overlap.read_document(CORPUS / doc)[1]


def _language(doc: str) -> str:
    return overlap.read_document(CORPUS / doc)[0]["language"]


def test_test_set_has_the_required_questions_per_kind() -> None:
    items = SETS["test"]
    kinds = Counter(item["kind"] for item in items)
    assert len(items) >= 60
    assert kinds["factual"] >= 30 and kinds["crosslingual"] >= 10
    assert kinds["unanswerable"] >= 10 and kinds["offtopic"] >= 10 and kinds["followup"] >= 7
    assert set(kinds) <= {"factual", "crosslingual", "unanswerable", "offtopic", "followup"}
    assert len({item["expect_doc"] for item in items if item["kind"] == "factual"}) >= 20
    offtopic = Counter(item["lang"] for item in items if item["kind"] == "offtopic")
    assert offtopic["es"] >= 4 and offtopic["en"] >= 4
    followups = Counter(item["lang"] for item in items if item["kind"] == "followup")
    assert followups["es"] >= 1 and followups["en"] >= 1


def test_test_set_ids_and_languages() -> None:
    items = SETS["test"]
    assert [item["id"] for item in items] == [f"t{n:02d}" for n in range(1, len(items) + 1)]
    fields = {"id", "question", "lang", "kind", "expect_doc", "expect_any", "after"}
    for item in items:
        assert fields <= set(item) and item["lang"] in {"es", "en"}, item["id"]
        if item["kind"] == "factual":
            assert _language(item["expect_doc"]) == item["lang"], item["id"]
        if item["kind"] == "crosslingual":
            assert _language(item["expect_doc"]) != item["lang"], item["id"]


@pytest.mark.parametrize("name", SETS)
def test_every_expected_document_exists(name: str) -> None:
    for item in SETS[name]:
        if item["kind"] in {"unanswerable", "offtopic"}:
            assert item["expect_doc"] is None and item["expect_any"] == [], item["id"]
        else:
            assert (CORPUS / item["expect_doc"]).is_file(), item["id"]
            assert 1 <= len(item["expect_any"]) <= 3, item["id"]


@pytest.mark.parametrize("name", SETS)
def test_every_expected_phrase_occurs_verbatim(name: str) -> None:
    for item in SETS[name]:
        if item["expect_doc"] is None:
            continue
        body = _body(item["expect_doc"])
        for phrase in item["expect_any"]:
            assert phrase in body, (item["id"], phrase)


@pytest.mark.parametrize("name", SETS)
def test_every_follow_up_points_to_an_earlier_question(name: str) -> None:
    seen: list[str] = []
    for item in SETS[name]:
        if item["kind"] == "followup":
            assert item["after"] in seen, item["id"]
        else:
            assert item.get("after") is None, item["id"]
        seen.append(item["id"])
    assert len(set(seen)) == len(seen)


def test_test_follow_ups_come_right_after_their_antecedent() -> None:
    items = SETS["test"]
    for before, item in pairwise(items):
        if item["kind"] == "followup":
            assert item["after"] == before["id"], item["id"]


def test_unanswerable_test_questions_name_a_related_document() -> None:
    for item in SETS["test"]:
        if item["kind"] == "unanswerable":
            assert (CORPUS / item["related_doc"]).is_file(), item["id"]


def test_test_questions_paraphrase_their_answering_sentence() -> None:
    items = SETS["test"]
    found, problems = overlap.overlaps(items, CORPUS)
    assert problems == []
    answerable = [item["id"] for item in items if item["expect_doc"] is not None]
    assert sorted(found) == sorted(answerable)
    assert all(value < 0.6 for value in found.values())
    assert overlap.structure_problems(items, CORPUS, frozen=True) == []


def test_the_checks_catch_a_missing_phrase_and_a_copied_question(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d.md").write_text(
        "---\nlanguage: en\n---\nThe U.S. Embassy opened in Lima in 1826. It moved later.\n",
        encoding="utf-8",
    )
    base = {"lang": "en", "kind": "factual", "expect_doc": "d.md", "after": None}
    copied = {**base, "id": "q1", "question": "When did the U.S. Embassy open in Lima?"}
    missing = {**base, "id": "q2", "question": "Founding year of the mission?"}
    items = [
        {**copied, "expect_any": ["1826"]},
        {**missing, "expect_any": ["in 1827"]},
        {**base, "id": "q3", "question": "And when?", "expect_any": ["1826", "moved later"]},
    ]
    found, problems = overlap.overlaps(items, corpus)
    assert found["q1"] >= 0.6
    assert [p.split(":")[0] for p in problems] == ["q1", "q2", "q3"]
    followup = {**base, "id": "q4", "kind": "followup", "after": "q9", "expect_any": ["1826"]}
    assert overlap.structure_problems([followup], corpus, frozen=False) == [
        "q4: 'after' is 'q9', not an earlier question"
    ]


def test_sentences_keep_abbreviations_inside_a_sentence() -> None:
    text = "# Title\nThe U.S. Embassy said so. Then EE.UU. Officials left.\n- A listed item"
    assert overlap.sentences(text) == [
        "Title",
        "The U.S. Embassy said so.",
        "Then EE.UU. Officials left.",
        "A listed item",
    ]
