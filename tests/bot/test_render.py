from bot.render import sources_text
from bot.types import Answer, Citation


def _answer(language: str, *citations: Citation) -> Answer:
    return Answer(
        question="q", answer="a [1].", language=language, grounded=True, citations=list(citations)
    )


def _citation(n: int, **details: str | int) -> Citation:
    return Citation.model_validate(
        {"n": n, "doc_id": f"d{n}", "chunk_id": f"d{n}#0", "title": f"T{n}", "quote": "…"} | details
    )


def test_no_citations_render_nothing() -> None:
    assert sources_text(_answer("en")) == ""


def test_each_citation_is_a_numbered_line_under_the_answer_language_heading() -> None:
    full = _citation(1, source="Reuters", published="2024-01-09", page=3, url="https://x.org/a")
    bare = _citation(2)
    assert sources_text(_answer("es", full, bare)) == (
        "\n\nFuentes:\n[1] T1 — Reuters, 2024-01-09, p. 3 https://x.org/a\n[2] T2"
    )
    assert sources_text(_answer("en", bare)).startswith("\n\nSources:\n[2] T2")
    assert sources_text(_answer("fr", bare)).startswith("\n\nSources:\n")
