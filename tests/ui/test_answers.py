"""The pure text helpers behind an answer's rendering."""

from bot.types import Answer, Citation
from ui.answers import (
    answer_markdown,
    cited_claims,
    escape_markdown,
    highlight,
    plain_text,
    quote_html,
)

TEXT = (
    "Según las fuentes del corpus:\n\n"
    "- El Acta se firmó en 1998. [1]\n"
    "- Costó US$ 5 millones y *no* 6. [2]\n"
    "- El Acta cerró el diferendo. [1]"
)


def test_escape_markdown_keeps_text_literal() -> None:
    assert escape_markdown("US$ 5 y $6, *a* _b_ [x](y) :red[z]") == (
        "US\\$ 5 y \\$6, \\*a\\* \\_b\\_ \\[x\\](y) \\:red\\[z\\]"
    )
    assert escape_markdown("10:30") == "10:30"


def test_answer_markdown_keeps_bullets_and_styles_markers() -> None:
    md = answer_markdown(TEXT)
    assert md.splitlines()[2] == "- El Acta se firmó en 1998. **:blue[\\[1\\]]**"
    assert "US\\$ 5 millones y \\*no\\* 6." in md


def test_cited_claims_maps_numbers_to_sentences() -> None:
    assert cited_claims(TEXT) == {
        1: ["El Acta se firmó en 1998.", "El Acta cerró el diferendo."],
        2: ["Costó US$ 5 millones y *no* 6."],
    }
    assert cited_claims("A happened [1][2]. B too [2].") == {
        1: ["A happened"],
        2: ["A happened", ". B too"],
    }


def test_highlight_marks_claims_and_escapes_html() -> None:
    quote = "Intro <b>. El Acta se firmó en 1998. Fin."
    assert highlight(quote, ["El Acta se firmó en 1998."]) == (
        "Intro &lt;b&gt;. <mark>El Acta se firmó en 1998.</mark> Fin."
    )
    assert (
        highlight(quote, ["not in the quote at all"])
        == "Intro &lt;b&gt;. El Acta se firmó en 1998. Fin."
    )


def test_quote_html_drops_title_and_trailing_headings() -> None:
    quote = (
        "# El Acta\n\nPrimer párrafo largo del texto.\n\n## Contexto\n\nSegundo.\n\n## Siguiente"
    )
    assert quote_html(quote, [], "El Acta") == (
        "Primer párrafo largo del texto.<br><br><strong>Contexto</strong><br><br>Segundo."
    )


def test_plain_text_lists_sources_for_a_briefing() -> None:
    citation = Citation(
        n=1,
        doc_id="acta.md",
        chunk_id="acta.md#0",
        title="El Acta de Brasilia",
        source="Cancillería",
        source_type="official",
        published="1998-10-26",
        language="es",
        page=3,
        url="https://example.org/acta",
        quote="El Acta se firmó en 1998.",
    )
    answer = Answer(
        question="¿Qué?", answer=TEXT, language="es", grounded=True, citations=[citation]
    )
    assert plain_text(answer).endswith(
        "Fuentes:\n[1] El Acta de Brasilia (Cancillería, oficial, 1998-10-26, español, p. 3) "
        "https://example.org/acta"
    )
