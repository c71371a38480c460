"""Words the UI shows: bilingual chrome, and labels in the language of an answer."""

from __future__ import annotations

PRODUCT = "briefbot"
TAGLINE = (
    "Respuestas citadas sobre seguridad en el norte del Perú, Ecuador y la cooperación "
    "EE. UU.–Andes · Cited answers on northern Peru, Ecuador and US–Andean security"
)
PLACEHOLDER = "Pregunte en español o en inglés… / Ask in Spanish or English…"
EXAMPLES = (
    "¿Qué implicaría que EE. UU. designe al Perú aliado principal extra-OTAN?",
    "What did Peru and Ecuador agree in Brasilia in 1998?",
)

SOURCE_TYPES = {
    "news": ("noticia", "news"),
    "official": ("oficial", "official"),
    "report": ("informe", "report"),
    "analysis": ("análisis", "analysis"),
    "opinion": ("opinión", "opinion"),
    "other": ("otro", "other"),
}
LANGUAGES = {"es": ("español", "Spanish"), "en": ("inglés", "English")}

_IN_ANSWER_LANGUAGE = {
    "sources": ("Fuentes", "Sources"),
    "related": ("Relacionado, pero no es una respuesta", "Related, but not an answer"),
    "page": ("p.", "p."),
    "interpreted": ("Interpretada como", "Interpreted as"),
    "reason": ("Motivo", "Reason"),
    "retrieve": ("búsqueda", "retrieval"),
    "compose": ("redacción", "composition"),
    "copy": ("Copiar texto", "Copy as text"),
}


def say(key: str, language: str) -> str:
    """A label in the answer's language (Spanish for ``es``, English otherwise)."""
    es, en = _IN_ANSWER_LANGUAGE[key]
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
