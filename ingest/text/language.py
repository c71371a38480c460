"""Language detection: every text in briefbot is Spanish or English."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)
    ident.set_languages(["es", "en"])
    return ident


_ES_MARKERS = re.compile(r"[¿¡ñáéíóú]|\b(qué|cuál|cuándo|dónde|cómo|por qué|quién)\b", re.I)


def detect_language(text: str) -> str:
    """Return ``"es"`` or ``"en"`` for a text (questions included)."""
    sample = text[:4000]
    if not sample.strip():
        return "en"
    lang, prob = _identifier().classify(sample)
    if prob < 0.8 and _ES_MARKERS.search(_NAMES.sub(" ", sample)):
        return "es"
    return str(lang)


_NAMES = re.compile(r"(?<![.!?¿¡\s])(\s*)(?<=[\w,;:)\]\s–—-])[A-ZÁÉÍÓÚÑ][\wáéíóúñü'’]*")
"""Capitalised words inside a sentence: names, whose accents say nothing of the language the
text is written in ("Who inaugurated the La Tina–Macará CEBAF?")."""
