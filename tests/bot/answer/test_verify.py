"""Verification of the extractive answer's claims against the quotes they cite."""

from bot.answer.verify import verify_quotes
from bot.types import Citation, Claim


def _citation(n: int, quote: str) -> Citation:
    return Citation(n=n, doc_id=f"d{n}", chunk_id=f"d{n}#0", title=f"D{n}", quote=quote)


def test_a_claim_must_be_inside_every_quote_it_cites() -> None:
    citations = [_citation(1, "Peru and Ecuador signed in 1998. More."), _citation(2, "Other.")]
    assert verify_quotes([Claim(text="Peru and Ecuador signed in 1998.", citations=[1])], citations)
    assert not verify_quotes(
        [Claim(text="Peru and Ecuador signed in 1998.", citations=[2])], citations
    )
    assert not verify_quotes(
        [Claim(text="Peru and Ecuador signed in 1998.", citations=[1, 2])], citations
    )


def test_a_claim_without_a_citation_or_with_an_unknown_one_fails() -> None:
    citations = [_citation(1, "Text here.")]
    assert not verify_quotes([Claim(text="Text here.", citations=[])], citations)
    assert not verify_quotes([Claim(text="Text here.", citations=[3])], citations)
