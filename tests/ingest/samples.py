"""Real sample files for ingest tests, written with the libraries that write them in the wild."""

from __future__ import annotations

import io
import random

import docx
from fpdf import FPDF

PAGE_TOPICS = {
    1: "Paita",
    2: "Tumbes",
    3: "Callao",
}
"""Each page of :func:`report_pdf` talks about one port, so a chunk's page can be checked."""


def pdf_bytes(pages: list[list[str]], *, title: str | None = None) -> bytes:
    """A PDF with one page per item; each line of a page is written as its own text line.

    Core fonts cover Latin-1, which is all the Spanish text here needs.
    """
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def report_pdf() -> bytes:
    """A three-page report; page N repeats sentences about the port in ``PAGE_TOPICS[N]``."""
    pages = []
    for n, port in PAGE_TOPICS.items():
        lines = [f"Section {n}: the port of {port}."]
        for i in range(12):
            lines.append(f"Observation {i + 1} on {port}: container inspections at {port} found")
            lines.append(f"cocaine hidden in fruit shipments; {port} customs seized more loads.")
        pages.append(lines)
    pages[1].append("Officials in Tumbes stressed that inter-")
    pages[1].append("national cooperation with Ecuador is essential.")
    return pdf_bytes(pages, title="Ports and cocaine routes in northern Peru")


BRIEFING_HEADER = ("Briefing note — not an official document", "Coastal security review 2024")
"""The running header of every page of :func:`briefing_pdf`; its footer is "Page N of M"."""

BRIEFING_PAGES = {
    1: [
        "Paita handles most of the fruit exported from the northern coast.",
        "Inspectors in Paita opened one container in twenty during the first half of the year.",
        "Cocaine was found hidden in boxes of mangoes bound for Rotterdam.",
        "The customs office asked for two scanners and more staff for the night shift.",
        "Port workers said the criminal groups paid drivers to move sealed trucks.",
    ],
    2: [
        "Tumbes sits on the border and trades daily with the Ecuadorian town of Huaquillas.",
        "Smugglers in Tumbes move fuel, rice and cigarettes across the canal at night.",
        "Police patrols on the bridge were doubled after a shooting in March.",
        "Local traders complain that the controls slow legal commerce as well.",
    ],
    3: [
        "Talara is an oil town whose refinery was rebuilt at great cost.",
        "Fishing boats from Talara are hired to meet ships far from the coast.",
        "The navy in Talara seized two tonnes from a boat in April.",
    ],
    4: [
        "Callao remains the main gateway for containers leaving the country.",
        "Analysts in Callao estimate that a small share of the cargo is ever inspected.",
        "Prosecutors linked three shipping agents to a network that bribed dock guards.",
        "The report recommends sharing manifests with European ports in advance.",
    ],
}
"""Body sentences of :func:`briefing_pdf` by page; each page is about one port."""


class _Briefing(FPDF):
    """An FPDF document that prints :data:`BRIEFING_HEADER` and a page footer on every page."""

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        for line in BRIEFING_HEADER:
            self.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self.set_font("Helvetica", size=11)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def briefing_pdf(pages: dict[int, list[str]] = BRIEFING_PAGES) -> bytes:
    """A briefing with a running header and footer, its body text wrapped in narrow lines.

    Each page's sentences make one paragraph, so without furniture removal the header would
    be unwrapped into its first sentence and the footer into its last. Pages missing from
    ``pages`` (up to the last one given) hold only the header and footer.
    """
    pdf = _Briefing()
    pdf.core_fonts_encoding = "windows-1252"  # the em dash of the header
    pdf.set_title("Ports of the northern coast")
    for number in range(1, max(pages) + 1):
        pdf.add_page()
        pdf.multi_cell(60, 6, " ".join(pages.get(number, [])))
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF whose only page holds a drawn rectangle: no text layer at all."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 80, style="F")
    return bytes(pdf.output())


def docx_bytes(
    *,
    core_title: str | None,
    closing: str = "La Sunat anunció nuevos operativos conjuntos con Ecuador.",
) -> bytes:
    """A Spanish memo with a heading, paragraphs and a table."""
    document = docx.Document()
    if core_title:
        document.core_properties.title = core_title
    document.add_heading("Contrabando en la frontera de Tumbes", level=1)
    document.add_paragraph(
        "El contrabando de combustible y arroz cruza el puente de Aguas Verdes cada día. "
        "Las autoridades de Tumbes reconocen que los controles son insuficientes."
    )
    document.add_heading("Cifras", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Año"
    table.cell(0, 1).text = "Decomisos"
    table.cell(1, 0).text = "2024"
    table.cell(1, 1).text = "1.250 toneladas"
    document.add_paragraph(closing)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BOILERPLATE = (
    "Subscribe now",
    "cookie",
    "ADVERTISEMENT",
    "All rights reserved",
    "Ten things to do",
    "trackingPixel",
    "dataLayer",
)
"""Strings that appear only in the navigation, banners, ads, scripts and footer of the page."""

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Extortion rackets squeeze Piura's transport sector | Andean Monitor</title>
<meta name="author" content="María Quispe">
<meta property="article:published_time" content="2024-03-05T09:30:00-05:00">
<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>
<style>.banner{position:fixed}</style>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/peru">Peru</a></li>
<li><a href="/ecuador">Ecuador</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
</header>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<div class="ad">ADVERTISEMENT: cheap flights to Lima today!</div>
<main><article>
<h1>Extortion rackets squeeze Piura's transport sector</h1>
<p>Extortion gangs in Piura demand weekly payments from mototaxi drivers, bus companies and
small shop owners. Drivers who refuse have seen their vehicles set on fire.</p>
<p>The regional police recorded more than three thousand extortion complaints in 2023, a sharp
rise on the previous year. Officers say most victims never report the crime.</p>
<p>Transport unions called a strike in Sullana in February to demand a state of emergency in
the province.</p>
</article></main>
<aside class="related"><h3>Related stories</h3>
<ul><li><a href="/a">Ten things to do in Máncora</a></li></ul></aside>
<footer><p>© 2024 Andean Monitor. All rights reserved. Privacy policy.</p></footer>
<script>var trackingPixel = new Image(); trackingPixel.src = '/p.gif';</script>
</body></html>
"""

SCRIPTS_ONLY_HTML = """<!DOCTYPE html><html><head><title>App</title>
<script src="/bundle.js"></script></head>
<body><script>document.body.innerHTML = '<p>Rendered by JavaScript</p>';</script>
<noscript></noscript></body></html>
"""


def repetitive_text(n_bytes: int) -> str:
    """About ``n_bytes`` of text: a few Spanish paragraphs repeated (every chunk repeats)."""
    rng = random.Random(7)
    places = ["Piura", "Sullana", "Paita", "Talara", "Tumbes", "Zarumilla"]
    paragraphs = [
        f"Informe {i}: en {rng.choice(places)} los transportistas denuncian cobros de cupos "
        "semanales, amenazas y ataques con explosivos contra sus vehículos. La policía "
        "regional registra cada mes más denuncias, y los gremios piden un estado de "
        "emergencia que incluya a las provincias vecinas y a la frontera con Ecuador."
        for i in range(4)
    ]
    block = "\n\n".join(paragraphs) + "\n\n"
    return block * (n_bytes // len(block.encode("utf-8")) + 1)
