"""Every Spanish and English string briefbot shows: answers, refusals, sources, CLI, UI chrome.

Strings said *in the asker's language* are pairs looked up with :func:`say`; the UI's
bilingual chrome ("Biblioteca · Library") is one string each, also kept here.
"""

from __future__ import annotations

_PAIRS: dict[str, tuple[str, str]] = {
    # answers
    "lead": ("Según las fuentes del corpus:", "According to the sources in the corpus:"),
    "lead_other_language": (
        "Según las fuentes del corpus (las citas en inglés se reproducen en su idioma original):",
        "According to the sources in the corpus (quotes in Spanish are given in the original):",
    ),
    "no_evidence": (
        "No encontré evidencia en el corpus que responda a esta pregunta.",
        "No evidence in the corpus answers this question.",
    ),
    "related_heading": ("Relacionado, pero no es una respuesta:", "Related, but not an answer:"),
    "related_lead": (
        "El corpus trata este tema, pero ninguna de sus fuentes afirma lo que se pregunta. "
        "Lo más cercano:",
        "The corpus covers this subject, but none of its sources states what was asked. "
        "The closest:",
    ),
    "empty_index": (
        "El índice está vacío: ejecute `briefbot ingest` primero.",
        "The index is empty: run `briefbot ingest` first.",
    ),
    "no_passages": (
        "Ningún pasaje del corpus coincide con la búsqueda.",
        "No passage in the corpus matches the search.",
    ),
    # sources and details
    "sources": ("Fuentes", "Sources"),
    "related": ("Relacionado, pero no es una respuesta", "Related, but not an answer"),
    "page": ("p.", "p."),
    "interpreted": ("Interpretada como", "Interpreted as"),
    "reason": ("Motivo", "Reason"),
    "reason_details": ("Por qué (detalles)", "Why (details)"),
    "retrieve": ("búsqueda", "retrieval"),
    "compose": ("redacción", "composition"),
    "copy": ("Copiar texto", "Copy as text"),
    # briefs
    "brief_title": ("Informe", "Brief"),
    "brief_lead": (
        "Lo que dicen las fuentes del corpus; las citas se reproducen en su idioma original.",
        "What the sources in the corpus say; quotes are given in their original language.",
    ),
    "brief_none": (
        "El corpus no trata este tema: ninguna de sus fuentes lo cubre.",
        "The corpus does not cover this topic: none of its sources is about it.",
    ),
    "brief_empty_range": (
        "Ninguna fuente del corpus fecha hechos de este tema en el período pedido.",
        "No source in the corpus dates events on this topic in the requested period.",
    ),
    "digest_title": ("Novedades desde", "What changed since"),
    "new_ingested": ("añadido al índice", "added to the index"),
    "new_published": ("publicado", "published"),
    "export_digest": ("Exportar novedades (Markdown)", "Export digest (Markdown)"),
    "digest_none": (
        "Ningún documento se añadió al índice ni se publicó desde esa fecha.",
        "No document was added to the index or published since that date.",
    ),
    "no_topic": ("Sin tema", "No topic"),
    "no_place": ("sin lugar", "no place"),
    "points": ("Puntos clave", "Key points"),
    "other_points": ("Otros puntos", "Other points"),
    "timeline": ("Cronología", "Timeline"),
    "actors": ("Actores", "Actors"),
    "places": ("Lugares", "Places"),
    "coverage": ("Cobertura", "Coverage"),
    "documents": ("documentos", "documents"),
    "sources_count": ("fuentes", "sources"),
    "source_one": ("fuente", "source"),
    "published_between": ("publicados entre", "published between"),
    "and": ("y", "and"),
    "missing": ("Falta", "Missing"),
    "no_official": ("ninguna fuente oficial", "no official source"),
    "no_spanish": ("ninguna fuente en español", "no source in Spanish"),
    "no_english": ("ninguna fuente en inglés", "no source in English"),
    "no_events": ("ningún hecho fechado", "no dated event"),
    "single_source": ("una sola fuente", "a single source"),
    "export_markdown": ("Exportar Markdown", "Export Markdown"),
    "export_pdf": ("Exportar PDF", "Export PDF"),
}

SOURCE_TYPES: dict[str, tuple[str, str]] = {
    "news": ("noticia", "news"),
    "official": ("oficial", "official"),
    "report": ("informe", "report"),
    "analysis": ("análisis", "analysis"),
    "opinion": ("opinión", "opinion"),
    "other": ("otro", "other"),
}
LANGUAGES: dict[str, tuple[str, str]] = {"es": ("español", "Spanish"), "en": ("inglés", "English")}

# bilingual chrome (CLI and UI)
PRODUCT = "briefbot"
TAGLINE = (
    "Respuestas citadas sobre seguridad en el norte del Perú, Ecuador y la cooperación "
    "EE. UU.–Andes · Cited answers on northern Peru, Ecuador and US–Andean security"
)
PLACEHOLDER = "Pregunte en español o en inglés… / Ask in Spanish or English…"
CHAT_BANNER = "briefbot: pregunte en español o en inglés / ask in Spanish or English (Ctrl-D quits)"
EXAMPLES = (
    "¿Qué implicaría que EE. UU. designe al Perú aliado principal extra-OTAN?",
    "What did Peru and Ecuador agree in Brasilia in 1998?",
)

# the Brief page's bilingual chrome
BRIEF_PAGE = "Informe · Brief"
BRIEF_TOPIC = "Tema · Topic"
BRIEF_TOPIC_PLACEHOLDER = "p. ej. la extorsión en Piura · e.g. extortion in Piura"
BRIEF_SINCE = "Hechos desde · Events since"
BRIEF_UNTIL = "Hechos hasta · Events until"
BRIEF_PERIOD_HELP = "AAAA, AAAA-MM o AAAA-MM-DD · YYYY, YYYY-MM or YYYY-MM-DD"
BRIEF_LANGUAGE = "Idioma del informe · Brief language"
BRIEF_LANGUAGE_AUTO = "El del tema · The topic's"
BRIEF_TYPES = "Tipo de fuente · Source type"
BRIEF_ALL = "Todos · All"
BRIEF_BUTTON = "Preparar informe · Build brief"
BRIEF_SPINNER = "Preparando el informe… / Building the brief…"
DIGEST_SECTION = "Novedades desde una fecha · What changed since a date"
DIGEST_SINCE = "Desde · Since"
DIGEST_TOPIC = "Tema (opcional) · Topic (optional)"
DIGEST_BUTTON = "Ver novedades · Show what changed"
DIGEST_SPINNER = "Buscando novedades… / Looking for changes…"


def say(key: str, language: str | None) -> str:
    """A string in the asker's language (Spanish for ``es``, English otherwise)."""
    es, en = _PAIRS[key]
    return es if language == "es" else en


def source_type_label(value: str | None, language: str | None = None) -> str:
    """A source type in Spanish or English; both (``noticia · news``) when no language."""
    if not value:
        return ""
    es, en = SOURCE_TYPES.get(value, (value, value))
    if language is None:
        return es if es == en else f"{es} · {en}"
    return es if language == "es" else en


def language_label(code: str | None, language: str | None = None) -> str:
    """A language name in Spanish or English; the code itself when unknown."""
    if not code:
        return ""
    es, en = LANGUAGES.get(code, (code, code))
    if language is None:
        return es.capitalize() if code == "es" else en
    return es if language == "es" else en
