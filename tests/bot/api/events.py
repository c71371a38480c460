"""Reading a ``text/event-stream`` body back as events, as a client does."""

from __future__ import annotations


def sse_events(text: str) -> list[tuple[str, str]]:
    """Server-Sent Events as ``(event, data)``; ``message`` when an event has no name."""
    events = []
    for block in text.strip().split("\n\n"):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data.append(line.removeprefix("data: "))
        events.append((name, "\n".join(data)))
    return events
