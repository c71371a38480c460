"""Whether a chat message asks for a brief, and on what topic.

A message asks for a brief when it *starts* with one of the request phrasings below; the
rest of the message is the topic. The phrasings are the grammar of asking for a brief in
Spanish and English, not topics: "brief me on …", "give me a brief on …", "what do we know
about …", "summarize …", "resume …", "resumen de …", "informe sobre …", "hazme un informe
de …", "qué sabemos de …". A message that merely mentions a brief ("¿Qué es un resumen
ejecutivo?", "What is a brief?") is a question, not a request, and stays one.
"""

from __future__ import annotations

import re

_REQUESTS = (
    # English
    r"(?:please\s+)?brief\s+me\s+(?:on|about)",
    r"(?:please\s+)?(?:give|get|write|make|prepare)\s+me\s+an?\s+brief(?:ing)?\s+(?:on|about|of)",
    r"an?\s+brief(?:ing)?\s+(?:on|about)",
    r"what\s+do\s+we\s+know\s+about",
    r"summari[sz]e",
    # Spanish
    r"res[uú]me(?:me)?",
    r"(?:un\s+)?resumen\s+(?:de|del|sobre)",
    r"(?:hazme|hágame|hagame|dame|deme|prepárame|preparame)\s+un\s+(?:informe|resumen)"
    r"\s+(?:de|del|sobre)",
    r"(?:un\s+)?informe\s+(?:de|del|sobre)",
    r"qu[eé]\s+sabemos\s+(?:de|del|sobre)",
)
_REQUEST = re.compile(
    r"^[\s¿¡\"'«]*(?:" + "|".join(_REQUESTS) + r")\b[\s:,]*(?P<topic>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_TRAILING = re.compile(r"[\s?!.¿¡\"'»]+$")
_POLITE = re.compile(r"[\s,]*(?:por\s+favor|please)$", re.IGNORECASE)


def brief_topic(message: str) -> str | None:
    """The topic of a message that asks for a brief; ``None`` for any other message.

    Args:
        message: a chat message, in Spanish or English.

    Returns:
        The topic (the message after the request phrasing, without trailing punctuation or
        "please"/"por favor"), or ``None`` when the message is not a request for a brief or
        names no topic.
    """
    match = _REQUEST.match(message.strip())
    if not match:
        return None
    topic = _TRAILING.sub("", match.group("topic"))
    topic = _TRAILING.sub("", _POLITE.sub("", topic))
    return topic or None
