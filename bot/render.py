"""Answers as plain text: the one renderer the command line prints through."""

from __future__ import annotations

from bot.types import Answer


def answer_text(answer: Answer) -> str:
    """An answer as terminal text: the answer, then its numbered sources.

    Args:
        answer: The answer to render.

    Returns:
        The answer text followed by one line per citation (``[n] title — source (type,
        date, p. page)`` and its URL on the next line), or by the reason in parentheses
        when the answer cites nothing.
    """
    lines = [answer.answer]
    if answer.citations:
        lines += ["", "Fuentes:" if answer.language == "es" else "Sources:"]
        for c in answer.citations:
            details = ", ".join(x for x in (c.source_type, c.published) if x)
            page = f", p. {c.page}" if c.page else ""
            lines.append(f"[{c.n}] {c.title} — {c.source or 'unknown source'} ({details}{page})")
            if c.url:
                lines.append(f"    {c.url}")
    elif answer.reason:
        lines += ["", f"({answer.reason})"]
    return "\n".join(lines)
