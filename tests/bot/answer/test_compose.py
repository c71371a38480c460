"""The extractive composer: claims from retrieved sentences, grouped in retrieval order."""

import numpy as np

from bot.answer.compose import Scored, compose, score_sentences, select_sentences
from bot.answer.verify import verify_quotes
from bot.types import Passage
from ingest.types import SourceInfo


class WordEmbedder:
    """Bag-of-words vectors over a tiny vocabulary: similar words, similar vectors."""

    id = "words"
    dim = 6
    VOCAB = ("peru", "ecuador", "border", "mining", "gold", "treaty")

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        rows = []
        for text in texts:
            low = text.lower()
            row = np.array([low.count(w) for w in self.VOCAB], dtype=float) + 1e-3
            rows.append(row / np.linalg.norm(row))
        return np.array(rows)


def _passage(rank: int, doc: str, text: str, lang: str = "en") -> Passage:
    return Passage(rank, f"{doc}#0", text, SourceInfo(doc, doc.upper(), language=lang), 1.0)


PASSAGES = [
    _passage(
        1,
        "treaty.md",
        "Peru and Ecuador signed a border treaty in 1998. The treaty closed the border dispute.",
    ),
    _passage(2, "mining.md", "Illegal gold mining grew along the Ecuador border in 2023."),
    _passage(3, "other.md", "Tourism in the Andes recovered after the pandemic years."),
]


def test_claims_are_verbatim_sentences_with_their_citation_numbers() -> None:
    scored = score_sentences("Peru Ecuador border treaty", PASSAGES, WordEmbedder())
    composed = compose("en", scored)
    assert composed.text.startswith("According to the sources in the corpus:\n\n- ")
    assert composed.claims and verify_quotes(composed.claims, composed.citations)
    assert composed.citations[0].doc_id == "treaty.md"  # the best passage is cited first
    assert [c.n for c in composed.citations] == list(range(1, len(composed.citations) + 1))
    for claim in composed.claims:
        assert f"- {claim.text} [{claim.citations[0]}]" in composed.text


def test_quotes_in_another_language_are_announced_in_the_lead() -> None:
    scored = score_sentences("Peru Ecuador border treaty", PASSAGES, WordEmbedder())
    composed = compose("es", scored)
    assert composed.text.startswith("Según las fuentes del corpus (las citas en inglés")


def test_selection_keeps_at_most_five_distinct_sentences() -> None:
    scored = score_sentences("Peru Ecuador border treaty mining gold", PASSAGES, WordEmbedder())
    chosen = select_sentences(scored)
    assert 2 <= len(chosen) <= 5
    assert len({s.sentence for s in chosen}) == len(chosen)


def test_the_first_citation_comes_from_the_best_ranked_passage() -> None:
    # the second passage's sentence matches the question better, yet retrieval ranked the
    # first passage first: its best sentence opens the answer and is citation [1]
    passages = [
        _passage(1, "first.md", "Tourism in the Andes recovered after the pandemic years."),
        _passage(2, "second.md", "Peru and Ecuador signed a border treaty in 1998."),
    ]
    scored = score_sentences("Peru Ecuador border treaty", passages, WordEmbedder())
    assert scored[0].passage.doc_id == "second.md"
    composed = compose("en", scored)
    assert composed.citations[0].doc_id == "first.md"
    assert composed.claims[0].citations == [1]


def test_quotes_that_overlap_become_one_claim() -> None:
    # the second and third sentences point back ("there", "That year"), so each is quoted
    # with the one before it; both are chosen and their quotes share the second sentence:
    # the answer holds each sentence once, in one verbatim claim
    s1 = "The two countries met in Brasilia for a final agreement."
    s2 = "The treaty fixed the border there in 1998."
    s3 = "That year gold mining along the Ecuador border grew."
    text = f"{s1} {s2} {s3}"
    passage = _passage(1, "treaty.md", text)
    scored = [
        Scored(s3, passage, 2, 1.0, 0.9, 0.5, quote=f"{s2} {s3}"),
        Scored(s2, passage, 1, 0.95, 0.85, 0.5, quote=f"{s1} {s2}"),
    ]
    composed = compose("en", scored)
    assert [c.text for c in composed.claims] == [text]
    assert verify_quotes(composed.claims, composed.citations)


def test_a_sentence_that_leans_back_is_scored_as_its_quote() -> None:
    # "It was ratified…" says nothing about the treaty on its own; quoted with the sentence
    # before it, it matches as well as that one and brings the asked date: it opens the answer
    passages = [
        _passage(
            1,
            "treaty.md",
            "Peru and Ecuador signed a border treaty. It was ratified in 1999 by both congresses.",
        )
    ]
    scored = score_sentences(
        "When was the Peru Ecuador border treaty ratified?", passages, WordEmbedder()
    )
    by_sentence = {s.sentence: s for s in scored}
    lead, follow = (
        by_sentence["Peru and Ecuador signed a border treaty."],
        by_sentence["It was ratified in 1999 by both congresses."],
    )
    assert (
        follow.quoted
        == "Peru and Ecuador signed a border treaty. It was ratified in 1999 by both congresses."
    )
    assert follow.similarity == lead.similarity and follow.score >= lead.score
    composed = compose("en", scored)
    assert composed.claims[0].text == follow.quoted


def test_a_chain_of_leaning_sentences_carries_its_first_sentences_match() -> None:
    passages = [
        _passage(
            1,
            "treaty.md",
            "Peru and Ecuador signed a border treaty. It was drafted with help from guarantors. "
            "They ratified it in 1999 in both congresses.",
        )
    ]
    scored = score_sentences("Peru Ecuador border treaty", passages, WordEmbedder())
    by_sentence = {s.sentence: s for s in scored}
    lead = by_sentence["Peru and Ecuador signed a border treaty."]
    last = by_sentence["They ratified it in 1999 in both congresses."]
    assert last.quoted == passages[0].text  # quoted back to the sentence naming the treaty
    assert last.similarity == lead.similarity
