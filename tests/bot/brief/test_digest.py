"""What changed since a date, over a hand-made library and the word embedder (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.brief.digest import build_digest, new_because
from bot.brief.render import digest_markdown
from ingest.types import DocumentDetail, PassageRow
from tests.bot.brief.conftest import WordEmbedder


def doc(
    doc_id: str,
    text: str,
    *,
    published: str | None,
    ingested_at: str = "2023-01-05T10:00:00Z",
    topics: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
) -> DocumentDetail:
    """A document of one passage."""
    return DocumentDetail(
        doc_id=doc_id,
        title=doc_id.removesuffix(".md").replace("-", " ").title(),
        chunks=1,
        root="corpus",
        source="Press",
        source_type="news",
        published=published,
        url=None,
        language="en",
        topics=topics,
        places=places,
        path=None,
        content_hash="h",
        ingested_at=ingested_at,
        passages=(PassageRow(f"{doc_id}#0", 0, None, text),),
    )


LIBRARY = [
    doc(
        "piura-extortion.md",
        "The weather was mild in the north this week. Extortion of transport workers grew "
        "in Piura, and the police arrested a gang leader in Sullana.",
        published="2024-03-01",
        topics=("extortion",),
        places=("Piura",),
    ),
    doc(
        "mining.md",
        "Illegal mining spread along the Nanay river. Officials seized dredges in Loreto.",
        published="2023-06-01",
        ingested_at="2024-02-10T08:00:00Z",
        topics=("illegal mining",),
        places=("Loreto",),
    ),
    doc(
        "old-border.md",
        "In 1998 Peru and Ecuador signed the peace agreement in Brasilia.",
        published="1998-10-26",
        topics=("border",),
    ),
    doc(
        "sullana-extortion.md",
        "Police in Sullana reported fewer extortion complaints after the state of emergency.",
        published="2024",
        topics=("extortion",),
        places=("Piura",),
    ),
]


@dataclass
class FakeLibrary:
    documents_: list[DocumentDetail]
    opened: list[str] = field(default_factory=list)

    def documents(self) -> list[DocumentDetail]:
        return list(self.documents_)

    def document(self, doc_id: str) -> DocumentDetail | None:
        self.opened.append(doc_id)
        return next((d for d in self.documents_ if d.doc_id == doc_id), None)


@dataclass
class FakeEngine:
    settings: object = None
    sentence_embedder: WordEmbedder = field(default_factory=WordEmbedder)


def digest(since: str, topic: str | None = None, library: FakeLibrary | None = None):  # type: ignore[no-untyped-def]
    return build_digest(
        FakeEngine(), dt.date.fromisoformat(since), topic, library=library or FakeLibrary(LIBRARY)
    )


def test_new_documents_are_those_ingested_or_published_since_the_date() -> None:
    result = digest("2024-01-01")
    entries = {e.doc_id: e for g in result.groups for e in g.entries}
    assert set(entries) == {"piura-extortion.md", "mining.md", "sullana-extortion.md"}
    assert entries["mining.md"].new_because == ["ingested"]
    assert entries["piura-extortion.md"].new_because == ["published"]
    # a year-only publication date may reach the day
    assert entries["sullana-extortion.md"].new_because == ["published"]
    assert result.documents == 3 and result.since == "2024-01-01"


def test_an_old_document_is_not_opened() -> None:
    library = FakeLibrary(LIBRARY)
    digest("2024-01-01", library=library)
    assert "old-border.md" not in library.opened
    assert new_because(LIBRARY[2], "2024-01-01") == []


def test_documents_are_grouped_by_topic_and_place() -> None:
    result = digest("2024-01-01")
    groups = [(g.topic, g.place, [e.doc_id for e in g.entries]) for g in result.groups]
    assert groups == [
        ("extortion", "Piura", ["piura-extortion.md", "sullana-extortion.md"]),
        ("illegal mining", "Loreto", ["mining.md"]),
    ]


def test_each_sentence_is_the_best_against_the_topic_and_its_citation_quotes_it() -> None:
    result = digest("2024-01-01", topic="extortion")
    [group] = result.groups
    assert [e.doc_id for e in group.entries] == ["piura-extortion.md", "sullana-extortion.md"]
    first = group.entries[0]
    assert first.text.startswith("Extortion of transport workers grew in Piura")
    by_n = {c.n: c for c in result.citations}
    for entry in group.entries:
        [n] = entry.citations
        assert entry.quotes[0].n == n and entry.quotes[0].text in by_n[n].quote
        assert by_n[n].doc_id == entry.doc_id and by_n[n].chunk_id == f"{entry.doc_id}#0"


def test_without_a_topic_the_sentence_is_scored_against_the_title() -> None:
    result = digest("2024-01-01")
    [entry] = [e for g in result.groups for e in g.entries if e.doc_id == "piura-extortion.md"]
    assert "Extortion" in entry.text and "weather" not in entry.text


def test_a_topic_keeps_documents_tagged_with_it_or_holding_all_its_words() -> None:
    tagged = digest("2024-01-01", topic="Illegal Mining")
    assert [e.doc_id for g in tagged.groups for e in g.entries] == ["mining.md"]
    worded = digest("2024-01-01", topic="dredges Loreto")
    assert [e.doc_id for g in worded.groups for e in g.entries] == ["mining.md"]
    assert digest("2024-01-01", topic="world cup").groups == []


def test_markdown_has_a_heading_per_group_markers_and_sources() -> None:
    text = digest_markdown(digest("2024-01-01"), "en")
    assert text.startswith("# What changed since 2024-01-01\n")
    assert "## extortion · Piura" in text and "## illegal mining · Loreto" in text
    assert "- **Mining** (ingested): " in text and text.count("[3]") == 2
    assert "\n[1] Piura Extortion (Press" in text


def test_an_empty_digest_says_so_in_spanish() -> None:
    text = digest_markdown(digest("2030-01-01"), "es")
    assert text == (
        "# Novedades desde 2030-01-01\n\n"
        "Ningún documento se añadió al índice ni se publicó desde esa fecha.\n"
    )
