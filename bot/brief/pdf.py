"""A brief as PDF (fpdf2): the Markdown brief's parts on A4 pages, the sources on a page of
their own.

Text is set in DejaVu Sans when Debian's ``fonts-dejavu-core`` is installed (every character
the corpus uses); otherwise in fpdf2's core Helvetica, which is Latin-1 only: Spanish fits,
and the few typographic characters outside Latin-1 (dashes, curly quotes, ellipsis) are
written as their ASCII equivalents, any other one as ``?``.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.answer.render import marker, source_line
from bot.brief.brief import Brief
from bot.brief.render import coverage_line, names_line, point_groups
from bot.strings import say

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
"""Where DejaVu Sans is looked for (Debian's ``fonts-dejavu-core``)."""
_LATIN1 = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"}
)


class _Writer:
    """An A4 document and the font it writes with."""

    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_margins(18, 18, 18)
        self.font, self.unicode = _font(self.pdf)
        self.pdf.add_page()

    def text(self, value: str, size: float = 10.5, bold: bool = False) -> None:
        self.pdf.set_font(self.font, "B" if bold else "", size)
        if not self.unicode:
            value = value.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")
        self.pdf.multi_cell(0, size * 0.5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1.5)

    def heading(self, value: str) -> None:
        self.pdf.ln(3)
        self.text(value, size=13, bold=True)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.text(f"• {item}")


def brief_pdf(brief: Brief) -> bytes:
    """The brief as a PDF document: title, lead, key points, timeline, actors, places and
    coverage, then the numbered sources on a new page (a brief that cites nothing has one
    page)."""
    lang = brief.language
    w = _Writer()
    w.pdf.set_title(f"{say('brief_title', lang)}: {brief.topic}")
    w.text(f"{say('brief_title', lang)}: {brief.topic}", size=18, bold=True)
    w.text(brief.lead)
    if brief.points:
        w.heading(say("points", lang))
        for heading, points in point_groups(brief):
            if heading:
                w.text(heading, size=11.5, bold=True)
            w.bullets([f"{p.text} {marker(p.citations)}" for p in points])
    if brief.timeline:
        w.heading(say("timeline", lang))
        w.bullets(
            [f"{e.date} — {' '.join(e.text.split())} {marker(e.citations)}" for e in brief.timeline]
        )
    for key, names in (("actors", brief.actors), ("places", brief.places)):
        if names:
            w.heading(say(key, lang))
            w.text(names_line(names, lang))
    if brief.citations:
        w.heading(say("coverage", lang))
        w.text(coverage_line(brief))
        w.pdf.add_page()
        w.text(say("sources", lang), size=13, bold=True)
        for citation in brief.citations:
            w.text(source_line(citation, lang), size=9.5)
    return bytes(w.pdf.output())


def _font(pdf: FPDF) -> tuple[str, bool]:
    """The family to write with, and whether it covers Unicode."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu", True
    return "Helvetica", False
