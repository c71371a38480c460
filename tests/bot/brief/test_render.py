"""The brief as Markdown with numbered references (pure)."""

from bot.brief import brief_markdown, build_brief
from tests.bot.brief.conftest import FakeEngine


def test_markdown_has_the_sections_the_markers_and_the_references(fake_engine: FakeEngine) -> None:
    brief = build_brief(fake_engine, "extorsión en Piura")
    text = brief_markdown(brief)
    assert text.startswith("# Informe: extorsión en Piura\n")
    for heading in ("## Puntos clave", "## Cronología", "## Lugares", "## Cobertura", "## Fuentes"):
        assert heading in text
    assert f"- **{brief.timeline[0].date}** — " in text
    for c in brief.citations:
        assert f"\n[{c.n}] {c.title}" in text
    assert f"{brief.points[0].text} [{brief.points[0].citations[0]}]" in text
    assert "documentos, publicados entre 2024-01-10 y 2024-05-01" in text


def test_a_refused_brief_is_its_title_and_lead() -> None:
    engine = FakeEngine([], evidence="none")
    text = brief_markdown(build_brief(engine, "world cup winners"))
    assert text == (
        "# Brief: world cup winners\n\n"
        "The corpus does not cover this topic: none of its sources is about it.\n"
    )
