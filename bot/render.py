"""Answers rendered as plain text, for clients that show one string (OpenAI chat replies)."""

from __future__ import annotations

from bot.types import Answer

SOURCES = {"es": "Fuentes", "en": "Sources"}
"""The heading of the numbered sources, by answer language (English otherwise)."""


def sources_text(answer: Answer) -> str:
    """The numbered citations as text: ``[n] title — source, date, p. page url``.

    Returns:
        ``""`` when the answer cites nothing; otherwise ``"\\n\\n"``, the heading and one line
        per citation, so that ``answer.answer + sources_text(answer)`` is the whole reply.
    """
    if not answer.citations:
        return ""
    lines = [f"{SOURCES.get(answer.language, SOURCES['en'])}:"]
    for c in answer.citations:
        details = ", ".join(
            x for x in (c.source, c.published, f"p. {c.page}" if c.page else "") if x
        )
        line = f"[{c.n}] {c.title}" + (f" — {details}" if details else "")
        lines.append(line + (f" {c.url}" if c.url else ""))
    return "\n\n" + "\n".join(lines)
