"""Hand-made passages, a tiny word embedder and a fake engine for the brief's pure tests."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from bot.answer.answerability import Decision
from bot.answer.compose import Scored, score_sentences
from bot.filters import Filters
from bot.types import Passage
from ingest.text import tokenize
from ingest.types import SourceInfo


class WordEmbedder:
    """Bag-of-words vectors (content words hashed into 256 slots): shared words, close
    vectors; a translation shares few words, so it is not close."""

    id = "words"
    dim = 256

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        """Unit vectors of word counts."""
        rows = []
        for text in texts:
            row = np.full(self.dim, 1e-3)
            for token in tokenize(text):
                row[zlib.crc32(token.encode()) % self.dim] += 1.0
            rows.append(row / np.linalg.norm(row))
        return np.array(rows)


def passage(
    rank: int,
    chunk_id: str,
    text: str,
    *,
    language: str = "en",
    source_type: str = "news",
    published: str | None = "2024-05-01",
    places: tuple[str, ...] = (),
    score: float = 2.0,
) -> Passage:
    """A retrieved passage of the document ``chunk_id`` names."""
    doc = chunk_id.split("#")[0]
    source = SourceInfo(
        doc,
        doc.upper(),
        source="Press",
        source_type=source_type,
        published=published,
        language=language,
        places=places,
    )
    return Passage(rank, chunk_id, text, source, score)


@dataclass
class FakeRetriever:
    """Returns the given passages; records the search options."""

    passages: list[Passage]
    calls: list[dict[str, Any]] = field(default_factory=list)

    def search(self, query: str, language: str, **options: Any) -> list[Passage]:
        """The canned passages, filtered by source type like the real one."""
        self.calls.append({"query": query, "language": language, **options})
        filters: Filters = options.get("filters") or Filters()
        return [p for p in self.passages if filters.matches(p.source)]


@dataclass
class FakeEngine:
    """The parts of the engine a brief uses: retriever, decision, sentence embedder."""

    passages: list[Passage]
    evidence: str = "related"

    def __post_init__(self) -> None:
        self.retriever = FakeRetriever(self.passages)
        self.sentence_embedder = WordEmbedder()

    def assess(
        self, question: str, language: str, passages: list[Passage]
    ) -> tuple[Decision, list[Scored]]:
        """The canned decision."""
        decision = Decision(self.evidence, f"canned {self.evidence}", 0.9, 0.5)  # type: ignore[arg-type]
        return decision, score_sentences(question, passages, self.sentence_embedder)


CORPUS = [
    passage(
        1,
        "rpp.md#0",
        "Extortion of transport workers grew in Piura during 2023. On 20 September 2023 the "
        "government declared a state of emergency in Sullana. That month the police arrested "
        "a gang leader.",
        places=("Piura", "Sullana"),
    ),
    passage(
        2,
        "rpp.md#1",
        "Police in Sullana said extortion complaints fell after the emergency. The National "
        "Police of Peru moved inmates out of the Río Seco prison.",
        places=("Piura", "Sullana"),
    ),
    passage(
        3,
        "correo.md#0",
        "La extorsión a transportistas creció en Piura durante 2023. En febrero de 2024 la "
        "Policía Nacional del Perú detuvo a una banda en Sullana.",
        language="es",
        source_type="official",
        published="2024-03-01",
        places=("Piura", "Sullana"),
    ),
    passage(
        4,
        "wire.md#0",
        "Extortion of transport workers grew in Piura during 2023, police sources said. The "
        "National Police of Peru reported 400 complaints.",
        published="2024-01-10",
    ),
    passage(
        5,
        "old.md#0",
        "In 1998 the gang extortion in Piura was unknown. Police kept records of the border.",
        published=None,
    ),
]


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(list(CORPUS))
