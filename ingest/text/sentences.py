"""Sentence splitting for passages and generated replies (one splitter for both)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"”»)]*)\s+(?=[\"“«(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


_ABBREVIATION = re.compile(
    r"(?:\b[A-Z][a-z]?|\b(?:EE|UU|Sr|Sra|Dr|Dra|Mr|Mrs|Ms|St|No|Nº|etc|vs|Art|Inc|Jr))\.$"
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage's prose (Markdown headings are left out)."""
    out: list[str] = []
    for block in re.split(r"\n+", text):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        block = re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", block)
        start = 0
        for m in _SENTENCE_END.finditer(block):
            if _ABBREVIATION.search(block, 0, m.start()):
                continue
            out.append(block[start : m.end(1)].strip())
            start = m.end()
        out.append(block[start:].strip())
    return [s for s in out if s]


def split_reply(reply: str) -> list[str]:
    """Sentences of a generated reply, whose citation markers may end a sentence."""
    text = re.sub(r"\s+", " ", reply).strip()
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡\"“])|(?<=\])\s+(?=[A-ZÁÉÍÓÚÑ¿¡])", text)
    return [p.strip() for p in parts if p.strip()]
