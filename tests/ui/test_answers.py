"""How an answer is drawn: the pure text helpers, and the three looks through AppTest."""

from streamlit.testing.v1 import AppTest

from bot.strings import say
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


def draw(answer: "Answer") -> None:
    """The AppTest script: runs on its own, so it imports what it uses."""
    from ui.answers import render_answer

    render_answer(answer)


def drawn(answer: Answer) -> AppTest:
    at = AppTest.from_function(draw, args=(answer,)).run()
    assert not at.exception, at.exception
    return at


def markdown_of(at: AppTest) -> str:
    return "\n".join(md.value for md in at.markdown)


def test_an_answer_is_cited_text_then_sources_with_claims_marked(answers) -> None:  # type: ignore[no-untyped-def]
    at = drawn(answers["answer"])
    text = markdown_of(at)
    assert not at.info and not at.warning
    assert text.startswith("Según las fuentes del corpus:")
    assert "##### Fuentes" in text and "Relacionado" not in text
    assert text.count('<div class="bb-quote">') == 2
    assert "<mark>El Acta de Brasilia se firmó el 26 de octubre de 1998.</mark>" in text
    [copy] = at.code
    assert copy.value.startswith("Según las fuentes") and "\nFuentes:\n[1] El Acta" in copy.value


def test_related_is_an_info_callout_then_related_cards_and_the_reason(answers) -> None:  # type: ignore[no-untyped-def]
    at = drawn(answers["related"])
    text = markdown_of(at)
    [info] = at.info
    assert info.value == say("related_lead", "es") and info.icon == ":material/manage_search:"
    assert not at.warning
    assert "##### Relacionado, pero no es una respuesta" in text
    assert "Fuentes" not in text and "Según las fuentes" not in text
    assert text.count('<div class="bb-quote">') == 2 and "<mark>" not in text
    assert "**:blue[\\[2\\]] La frontera de Tiwinza**" in text
    assert any(c.value.startswith("Motivo: no sentence states a date") for c in at.caption)
    [copy] = at.code
    assert "\nRelacionado, pero no es una respuesta:\n[1] El Acta" in copy.value


def test_no_evidence_is_a_warning_and_its_reason_and_nothing_else(answers) -> None:  # type: ignore[no-untyped-def]
    at = drawn(answers["none"])
    [warning] = at.warning
    assert warning.value == say("no_evidence", "es") and warning.icon == ":material/search_off:"
    assert not at.info and not at.code  # no copy-as-text
    assert markdown_of(at) == ""  # no answer text, no heading, no cards
    captions = [c.value for c in at.caption]
    assert "Motivo: off-topic (best similarity 0.12 \\< 0.30)" in captions  # shown literally
    assert [e.label for e in at.expander] == [say("reason_details", "es")]  # folded away
