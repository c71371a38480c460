"""The manifest on a real SQLite file: rows written by ``record`` and read back typed."""

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.chunk import chunk_document
from ingest.errors import IndexUnreadable
from ingest.lexical import tokenize
from ingest.loaders import make_doc
from ingest.manifest import Manifest
from ingest.types import Chunk, DocumentDetail, DocumentRow, PassageRow, SourceDoc

TEXT = "Extorsión a transportistas en Piura.\n\nMinería ilegal de oro en Pataz y en Tumbes."


@pytest.fixture
def manifest(tmp_path: Path) -> Iterator[Manifest]:
    opened = Manifest(tmp_path / "index.manifest.sqlite")
    yield opened
    opened.close()


def _doc(doc_id: str = "piura.md", text: str = TEXT, **found: object) -> SourceDoc:
    meta = {
        "title": "Piura y Pataz",
        "source": "INEI",
        "source_type": "official",
        "published": "2024-03-05",
        "url": "https://example.org/piura",
        "language": "es",
        "topics": ["extortion", "mining"],
        "places": "Piura, Pataz",
        **found,
    }
    return make_doc(doc_id, text, meta, pages=((1, 0), (2, 38)), path=f"/corpus/{doc_id}")


def _record(manifest: Manifest, doc: SourceDoc, root: str | None = "/corpus") -> list[Chunk]:
    chunks = chunk_document(doc, size=40, overlap=0)
    manifest.record(doc, chunks, root, [tokenize(c.text) for c in chunks])
    return chunks


def test_documents_are_typed_rows_with_the_recorded_metadata(manifest: Manifest) -> None:
    doc = _doc()
    chunks = _record(manifest, doc)
    _record(manifest, _doc("a-first.md", title="Primero"), root=None)
    first, row = manifest.documents()
    assert first.doc_id == "a-first.md" and first.title == "Primero" and first.root is None
    assert isinstance(row, DocumentRow) and not isinstance(row, DocumentDetail)
    assert (row.doc_id, row.title, row.chunks, row.root) == (
        "piura.md",
        "Piura y Pataz",
        3,
        "/corpus",
    )
    assert len(chunks) == 3
    assert (row.source, row.source_type, row.published) == ("INEI", "official", "2024-03-05")
    assert (row.url, row.language, row.path) == (
        "https://example.org/piura",
        "es",
        doc.meta["path"],
    )
    assert row.topics == ("extortion", "mining") and row.places == ("Piura", "Pataz")
    assert row.content_hash == doc.meta["content_hash"] == manifest.hash_of("piura.md")
    assert row.ingested_at.endswith("Z") and row.ingested_at[:2] == "20"


def test_a_document_comes_with_its_passages_in_order(manifest: Manifest) -> None:
    chunks = _record(manifest, _doc())
    detail = manifest.document("piura.md")
    assert isinstance(detail, DocumentDetail)
    assert detail.passages == tuple(PassageRow(c.chunk_id, c.n, c.page, c.text) for c in chunks)
    assert [p.page for p in detail.passages] == [1, 2, 2]
    assert [p.chunk_id for p in detail.passages] == ["piura.md#0", "piura.md#1", "piura.md#2"]
    assert detail.as_dict() == {
        **manifest.documents()[0].as_dict(),
        "passages": detail.as_dict()["passages"],
    }
    assert manifest.document("missing.md") is None


def test_as_dict_is_the_stored_row_with_its_metadata(manifest: Manifest) -> None:
    """The JSON the CLI and API print: doc id, title, chunks, root, then the stored metadata."""
    _record(manifest, _doc())
    with sqlite3.connect(manifest.path) as db:
        title, n_chunks, root, meta = db.execute(
            "SELECT title, n_chunks, root, meta FROM docs WHERE doc_id='piura.md'"
        ).fetchone()
    expected = {"doc_id": "piura.md", "title": title, "chunks": n_chunks, "root": root}
    expected.update(json.loads(meta))
    [row] = manifest.documents()
    assert json.dumps(row.as_dict()) == json.dumps(expected)  # same keys, same order
    detail = manifest.document("piura.md")
    assert detail is not None
    passages = [
        {"chunk_id": p.chunk_id, "n": p.n, "page": p.page, "text": p.text} for p in detail.passages
    ]
    assert json.dumps(detail.as_dict()) == json.dumps({**expected, "passages": passages})
    lists = ("topics", "places")
    rebuilt = {k: tuple(v) if k in lists else v for k, v in row.as_dict().items()}
    assert DocumentRow(**rebuilt) == row


def test_recording_again_replaces_the_chunks(manifest: Manifest) -> None:
    _record(manifest, _doc())
    generation = manifest.generation()
    _record(manifest, _doc(text="Solo un párrafo breve."))
    [row] = manifest.documents()
    assert row.chunks == 1 and manifest.chunk_ids_of("piura.md") == ["piura.md#0"]
    assert manifest.chunk_ids() == {"piura.md#0": "piura.md"}
    assert dict(manifest.iter_chunks()) == {"piura.md#0": "Solo un párrafo breve."}
    assert manifest.generation() != generation


def test_tokens_must_match_the_chunks(manifest: Manifest) -> None:
    doc = _doc()
    chunks = chunk_document(doc, size=40, overlap=0)
    with pytest.raises(ValueError, match="3 chunks"):
        manifest.record(doc, chunks, None, [["one"]])
    assert manifest.documents() == []


def test_forget_removes_the_document_and_its_chunks(manifest: Manifest) -> None:
    _record(manifest, _doc())
    _record(manifest, _doc("other.md"), root="/elsewhere")
    generation = manifest.generation()
    manifest.forget("piura.md")
    assert [d.doc_id for d in manifest.documents()] == ["other.md"]
    assert manifest.document("piura.md") is None and manifest.hash_of("piura.md") is None
    assert set(manifest.chunk_ids().values()) == {"other.md"}
    assert {cid.split("#")[0] for cid, _ in manifest.iter_tokens()} == {"other.md"}
    assert manifest.docs_under("/corpus") == [] and manifest.docs_under("/elsewhere") == [
        "other.md"
    ]
    assert manifest.generation() != generation


def test_generation_changes_only_with_the_chunks(manifest: Manifest) -> None:
    assert manifest.generation() == "0"
    _record(manifest, _doc())
    generation = manifest.generation()
    assert generation != "0"
    manifest.set_dirty(True)
    manifest.invalidate("piura.md")
    assert manifest.generation() == generation
    assert manifest.hash_of("piura.md") == "stale"  # the next run ingests it again


def test_dirty_flag_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    first = Manifest(path)
    assert not first.is_dirty()
    first.set_dirty(True)
    first.close()
    second = Manifest(path)
    assert second.is_dirty()
    second.set_dirty(False)
    assert not second.is_dirty()
    second.close()


def test_clear_forgets_everything(manifest: Manifest) -> None:
    _record(manifest, _doc())
    manifest.set_dirty(True)
    manifest.clear()
    assert manifest.documents() == [] and manifest.chunk_ids() == {}
    assert not manifest.is_dirty() and manifest.generation() == "0"


def test_chunk_languages_come_from_their_documents(manifest: Manifest) -> None:
    _record(manifest, _doc())
    _record(manifest, _doc("en.md", language="en"))
    languages = manifest.chunk_languages()
    assert set(languages) == set(manifest.chunk_ids())
    assert {cid.split("#")[0]: lang for cid, lang in languages.items()} == {
        "piura.md": "es",
        "en.md": "en",
    }


def test_a_tokenizer_reset_empties_the_stored_tokens_until_filled(manifest: Manifest) -> None:
    chunks = _record(manifest, _doc())
    assert dict(manifest.iter_tokens()) == {c.chunk_id: tokenize(c.text) for c in chunks}
    assert manifest.fill_tokens(tokenize) == 0  # nothing left to tokenise
    generation = manifest.generation()
    manifest.reset_tokens("next")
    assert manifest.tokens_version() == "next" and manifest.generation() != generation
    assert all(tokens == [] for _, tokens in manifest.iter_tokens())
    assert manifest.fill_tokens(tokenize) == len(chunks)
    assert dict(manifest.iter_tokens()) == {c.chunk_id: tokenize(c.text) for c in chunks}


def test_same_text_finds_another_document_with_the_text_whitespace_aside(
    manifest: Manifest,
) -> None:
    _record(manifest, _doc("a.md"))
    spaced = TEXT.replace(" ", "  ").replace("\n\n", "\n")
    assert manifest.same_text(spaced, "b.md") == "a.md"
    assert manifest.same_text(TEXT, "a.md") is None  # the document itself is not its twin
    assert manifest.same_text("Otra cosa.", "b.md") is None


@pytest.mark.parametrize(
    "written",
    [
        b"not a database at all" * 100,
        # a manifest of another version: a docs table without the text fingerprint
        None,
    ],
)
def test_an_unreadable_manifest_names_the_fix(tmp_path: Path, written: bytes | None) -> None:
    path = tmp_path / "index.manifest.sqlite"
    if written is None:
        db = sqlite3.connect(str(path))
        db.execute("CREATE TABLE docs (doc_id TEXT PRIMARY KEY, content_hash TEXT)")
        db.commit()
        db.close()
    else:
        path.write_bytes(written)
    with pytest.raises(IndexUnreadable, match="briefbot ingest --rebuild"):
        Manifest(path)
    Manifest.remove(path)
    assert not path.exists()
    Manifest(path).close()  # a rebuild starts from a fresh one
