import json
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.errors import IndexUnreadable, PathNotFound
from ingest.lexical import LexicalIndex
from ingest.manifest import Manifest
from ingest.pipeline import Indexer, manifest_path
from ingest.text import tokenize
from tests.conftest import MINI_CORPUS, make_settings

pytestmark = pytest.mark.slow  # ingests with the real models


@pytest.fixture
def workdir(copy_tree, tmp_path: Path):  # type: ignore[no-untyped-def]
    return copy_tree(MINI_CORPUS, "corpus"), make_settings(tmp_path / "data")


def _index(settings, src: Path, **kw):  # type: ignore[no-untyped-def]
    indexer = Indexer(settings, **kw)
    try:
        return indexer.ingest([str(src)]), indexer.store.all_ids(), indexer.manifest.chunk_ids()
    finally:
        indexer.close()


def test_first_run_reports_every_document_and_uses_relative_ids(workdir) -> None:  # type: ignore[no-untyped-def]
    src, settings = workdir
    report, ids, manifest = _index(settings, src)
    assert report.added == 4 and report.skipped == [] and report.unchanged == 0
    assert report.chunks == len(manifest) > 0
    docs = {cid.rsplit("#", 1)[0] for cid in manifest}
    assert docs == {
        "piura-frontera.md",
        "mnna.md",
        "extorsion-transporte.txt",
        "ecuador/conflicto-armado.md",
    }
    for per_embedder in ids.values():
        assert per_embedder == set(manifest)


def test_rerun_is_idempotent(workdir) -> None:  # type: ignore[no-untyped-def]
    src, settings = workdir
    _, ids1, _ = _index(settings, src)
    report, ids2, _ = _index(settings, src)
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 0, 4, 0)
    assert ids1 == ids2


def test_changed_document_replaces_its_chunks_and_deleted_one_leaves(workdir) -> None:  # type: ignore[no-untyped-def]
    src, settings = workdir
    _index(settings, src)
    (src / "mnna.md").write_text(
        "# Short now\n\nOnly one short paragraph about allies.", encoding="utf-8"
    )
    (src / "extorsion-transporte.txt").unlink()
    report, ids, manifest = _index(settings, src)
    assert (report.updated, report.removed, report.unchanged) == (1, 1, 2)
    assert [c for c in manifest if c.startswith("mnna.md#")] == ["mnna.md#0"]
    assert not any(c.startswith("extorsion-transporte.txt") for c in manifest)
    for per_embedder in ids.values():
        assert per_embedder == set(manifest)


def test_missing_path_is_a_user_error(workdir) -> None:  # type: ignore[no-untyped-def]
    _, settings = workdir
    indexer = Indexer(settings)
    with pytest.raises(PathNotFound, match="no such file"):
        indexer.ingest(["/nonexistent/folder"])
    indexer.close()


def test_unknown_types_are_reported_not_fatal(workdir) -> None:  # type: ignore[no-untyped-def]
    src, settings = workdir
    (src / "notes.xyz").write_text("what is this", encoding="utf-8")
    (src / "empty.md").write_text("", encoding="utf-8")
    report, _, _ = _index(settings, src)
    reasons = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert "unsupported" in reasons["notes.xyz"]
    assert reasons["empty.md"] == "empty file"
    assert report.added == 4


def _lexical_ids(settings) -> list[str]:  # type: ignore[no-untyped-def]
    path = settings.index.data_dir / f"{settings.index.collection}.lexical" / "ids.json"
    return list(json.loads(path.read_text(encoding="utf-8")))


def test_lexical_index_tokenises_each_chunk_once(workdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    src, settings = workdir
    tokenised: list[str] = []

    def counting(text: str) -> list[str]:
        tokenised.append(text)
        return tokenize(text)

    monkeypatch.setattr(pipeline, "tokenize", counting)
    _, _, first = _index(settings, src)
    assert sorted(tokenised) == sorted(_texts(settings).values())
    assert sorted(_lexical_ids(settings)) == sorted(first)

    tokenised.clear()
    (src / "nuevo.md").write_text(
        "# Harina de pescado\n\nEl puerto de Paita exporta harina de pescado a China.\n",
        encoding="utf-8",
    )
    report, _, second = _index(settings, src)
    assert (report.added, report.unchanged) == (1, 4)
    new = {cid: text for cid, text in _texts(settings).items() if cid.startswith("nuevo.md#")}
    assert new and sorted(tokenised) == sorted(new.values())  # only the new document
    assert sorted(_lexical_ids(settings)) == sorted(second)
    assert _tokens(settings)["nuevo.md#0"] == tokenize(new["nuevo.md#0"])
    lexical = LexicalIndex(settings.index.data_dir / f"{settings.index.collection}.lexical")
    assert lexical.load() and lexical.search("harina pescado", 1)[0][0] == "nuevo.md#0"

    tokenised.clear()
    (src / "nuevo.md").unlink()
    report, _, third = _index(settings, src)
    assert report.removed == 1 and tokenised == []
    assert not any(cid.startswith("nuevo.md#") for cid in _tokens(settings))
    assert sorted(_tokens(settings)) == sorted(_lexical_ids(settings)) == sorted(third)


def test_a_tokenizer_change_retokenises_every_chunk(workdir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    src, settings = workdir
    _, _, ids = _index(settings, src)
    tokenised: list[str] = []

    def counting(text: str) -> list[str]:
        tokenised.append(text)
        return tokenize(text)

    monkeypatch.setattr(pipeline, "tokenize", counting)
    monkeypatch.setattr(pipeline, "TOKENIZER_VERSION", "test-next")
    report, _, _ = _index(settings, src)
    assert report.unchanged == 4 and len(tokenised) == len(ids)
    tokenised.clear()
    _index(settings, src)
    assert tokenised == []


def _texts(settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    manifest = Manifest(manifest_path(settings))
    try:
        return dict(manifest.iter_chunks())
    finally:
        manifest.close()


def _tokens(settings) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    manifest = Manifest(manifest_path(settings))
    try:
        return dict(manifest.iter_tokens())
    finally:
        manifest.close()


def test_the_lexical_index_knows_the_language_of_each_chunk(workdir) -> None:  # type: ignore[no-untyped-def]
    src, settings = workdir
    _index(settings, src)
    lexical = LexicalIndex(settings.index.data_dir / f"{settings.index.collection}.lexical")
    assert lexical.load()
    assert lexical.spelled_in("sullana", "es") and lexical.spelled_in("sullana", "en") is False
    assert {lexical.language_of(cid) for cid in _tokens(settings)} == {"es", "en"}


def test_the_same_text_under_another_name_is_reported_not_indexed_twice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    body = "# Nota\n\nLa extorsión a transportistas creció en Piura durante 2024.\n"
    (src / "nota.md").write_text(body, encoding="utf-8")
    (src / "copia.md").write_text(body.replace("\n\n", "\n\n\n"), encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    indexer = Indexer(settings)
    try:
        report = indexer.ingest([str(src)])
        again = indexer.ingest([str(src)])
    finally:
        indexer.close()
    assert report.added == 1 and len(report.skipped) == 1
    skipped = report.skipped[0]
    assert (
        skipped["path"].endswith("nota.md")
        and "duplicate of the indexed document copia.md" in skipped["reason"]
    )
    assert again.unchanged == 1 and again.added == 0 and len(again.skipped) == 1


def test_an_unreadable_index_is_refused_with_the_fix_and_rebuilt(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data")
    settings.index.data_dir.mkdir(parents=True)
    manifest_path(settings).write_bytes(b"truncated" * 50)
    with pytest.raises(IndexUnreadable, match="briefbot ingest --rebuild"):
        Indexer(settings)
    indexer = Indexer(settings, rebuild=True)
    try:
        report = indexer.ingest([str(MINI_CORPUS)])
    finally:
        indexer.close()
    assert report.added > 0 and report.skipped == []
