"""The pure text helpers behind an answer's rendering."""

from bot.types import Answer, Claim
from ui.answers import (
    answer_markdown,
    claims_by_citation,
    escape_markdown,
    highlight,
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


def test_claims_by_citation_reads_the_answer_s_claims() -> None:
    answer = Answer(
        question="¿Qué?",
        answer=TEXT,
        language="es",
        grounded=True,
        claims=[
            Claim(text="El Acta se firmó en 1998.", citations=[1]),
            Claim(text="Costó US$ 5 millones y *no* 6.", citations=[2]),
            Claim(text="El Acta cerró el diferendo.", citations=[1, 2]),
        ],
    )
    assert claims_by_citation(answer) == {
        1: ["El Acta se firmó en 1998.", "El Acta cerró el diferendo."],
        2: ["Costó US$ 5 millones y *no* 6.", "El Acta cerró el diferendo."],
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
