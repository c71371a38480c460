"""The one renderer: an answer's text and its numbered sources, as the API, CLI and UI show it.

The answer's body is built here from its claims (:func:`claims_text`), and the sources block
that follows it everywhere is :func:`sources_text`; :func:`answer_text` is both together, the
text to paste into a briefing. :func:`outcome` says which of the three looks an answer takes
(an answer, related documents, no evidence), for every edge alike.
"""

from __future__ import annotations

from bot.strings import language_label, say, source_type_label
from bot.types import Answer, Citation, Claim, Evidence


def marker(numbers: list[int]) -> str:
    """Citation markers: ``[1][3]``."""
    return "".join(f"[{n}]" for n in numbers)


def claims_text(lead: str, claims: list[Claim]) -> str:
    """An extractive answer's text: the lead line, then one bullet per claim with its markers."""
    lines = [f"- {c.text} {marker(c.citations)}" for c in claims]
    return lead + "\n\n" + "\n".join(lines)


def source_details(c: Citation, language: str | None) -> list[str]:
    """Publisher, type, date, language and page of a source, in the answer's language."""
    parts = [
        c.source or "",
        source_type_label(c.source_type, language),
        c.published or "",
        language_label(c.language, language),
        f"{say('page', language)} {c.page}" if c.page else "",
    ]
    return [p for p in parts if p]


def source_line(c: Citation, language: str | None) -> str:
    """``[n] Title (publisher, type, date, language, p. N) URL``."""
    details = ", ".join(source_details(c, language))
    line = f"[{c.n}] {c.title}" + (f" ({details})" if details else "")
    return line + (f" {c.url}" if c.url else "")


def outcome(answer: Answer) -> Evidence:
    """The look an answer takes: its ``evidence`` (a ``related`` answer that cites nothing
    looks like ``none``)."""
    if answer.evidence == "related" and not answer.citations:
        return "none"
    return answer.evidence


def sources_text(answer: Answer) -> str:
    """The numbered sources as a block that follows the answer (``""`` when it cites none).

    Headed "Fuentes" / "Sources" for an answer and "Relacionado, pero no es una respuesta" /
    "Related, but not an answer" for related documents.
    """
    look = outcome(answer)
    if look == "none" or not answer.citations:
        return ""
    heading = say("sources" if look == "answer" else "related", answer.language)
    lines = [f"{heading}:"] + [source_line(c, answer.language) for c in answer.citations]
    return "\n\n" + "\n".join(lines)


def answer_text(answer: Answer) -> str:
    """The answer and its sources (or related documents); no evidence ends with its reason."""
    if outcome(answer) != "none":
        return answer.answer + sources_text(answer)
    if answer.reason:
        return f"{answer.answer}\n\n({say('reason', answer.language)}: {answer.reason})"
    return answer.answer
