"""The OpenAI wire format of ``/v1/models`` and ``/v1/chat/completions``: bodies, replies,
streamed chunks and error bodies.

A chat request is stateless: the question is the last user message, and the earlier
user/assistant turns only serve to understand a follow-up (:func:`chat_question`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import HTTPException
from fastapi.sse import ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field

from bot.answer.render import sources_text
from bot.api.schemas import NOT_BLANK, RetrievalOptions
from bot.api.sse import json_event
from bot.errors import BotError
from bot.types import Answer
from ingest.errors import IngestError

MODEL_ID = "briefbot"
"""The one model ``/v1/models`` lists; chat requests may name any model."""
HISTORY_TURNS = 6
"""Earlier user turns of a chat request considered to understand a follow-up."""


class ChatMessage(BaseModel):
    """One message of an OpenAI chat request; ``content`` may be a list of parts."""

    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text (text parts joined; other parts ignored)."""
        if isinstance(self.content, list):
            parts = [p.get("text") for p in self.content if p.get("type") == "text"]
            return "\n".join(p for p in parts if isinstance(p, str))
        return self.content or ""


_TEXT = {"type": "string", "pattern": NOT_BLANK}
_TEXT_PART = {
    "type": "object",
    "required": ["type", "text"],
    "properties": {"type": {"const": "text"}, "text": _TEXT},
}
USER_QUESTION: dict[str, Any] = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {
        "role": {"const": "user"},
        "content": {"anyOf": [_TEXT, {"type": "array", "contains": _TEXT_PART}]},
    },
}
"""What ``messages`` must contain, as JSON Schema: a user message with text (the question)."""


class ChatRequest(RetrievalOptions):
    """An OpenAI chat-completions body; sampling options are accepted and ignored.

    The retrieval options of ``/v1/ask`` may be added (``extra_body`` in the OpenAI client).
    """

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(
        ...,
        min_length=1,
        description="The conversation; the last user message with text is the question.",
        json_schema_extra={"contains": USER_QUESTION},
    )
    stream: bool = False


class ChatReply(BaseModel):
    """The assistant's message."""

    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoice(BaseModel):
    """The one choice of a completion."""

    index: int = 0
    message: ChatReply
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    """Sizes in words (briefbot does not tokenize)."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    """An OpenAI ``chat.completion``, plus the full answer under ``briefbot``."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[ChatChoice]
    usage: Usage
    briefbot: Answer

    @classmethod
    def from_answer(cls, answer: Answer, messages: list[ChatMessage]) -> ChatCompletion:
        """The completion replying ``answer`` to ``messages``: the answer, then its sources."""
        content = answer.answer + sources_text(answer)
        prompt = sum(_words(m.text()) for m in messages)
        return cls(
            id=_completion_id(),
            created=int(time.time()),
            choices=[ChatChoice(message=ChatReply(content=content))],
            usage=Usage(
                prompt_tokens=prompt,
                completion_tokens=_words(content),
                total_tokens=prompt + _words(content),
            ),
            briefbot=answer,
        )


class ModelCard(BaseModel):
    """An OpenAI model object."""

    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = MODEL_ID


class ModelList(BaseModel):
    """The OpenAI model list."""

    object: Literal["list"] = "list"
    data: list[ModelCard]


def openai_error(message: str, status: int) -> dict[str, Any]:
    """An OpenAI error body: ``server_error`` from 500 on, else ``invalid_request_error``."""
    kind = "server_error" if status >= 500 else "invalid_request_error"
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def chat_question(messages: list[ChatMessage], max_chars: int) -> tuple[str, list[tuple[str, str]]]:
    """The last user message with text and the earlier (question, answer) pairs, from which
    the engine understands a follow-up (as it does for a stored conversation).

    Each user message with text opens a turn whose answer is the assistant message that
    follows. Other roles (system, tool) are ignored; so are user messages without text. At
    most the last :data:`HISTORY_TURNS` earlier turns are kept, oldest first.

    Raises:
        HTTPException: 400 when no user message has text, or the question is over ``max_chars``.
    """
    pairs: list[tuple[str, str]] = []
    for m in messages:
        if m.role == "user" and m.text().strip():
            pairs.append((m.text().strip(), ""))
        elif m.role == "assistant" and pairs:
            pairs[-1] = (pairs[-1][0], m.text())
    if not pairs:
        raise HTTPException(status_code=400, detail="messages holds no user message with text")
    question = pairs[-1][0]
    if len(question) > max_chars:
        raise HTTPException(
            status_code=400, detail=f"the last user message is over {max_chars} characters"
        )
    return question, pairs[:-1][-HISTORY_TURNS:]


class ChatStream:
    """The OpenAI ``chat.completion.chunk`` events of one streamed reply."""

    def __init__(self) -> None:
        """A stream with a fresh completion id."""
        self.id = _completion_id()
        self.created = int(time.time())

    def chunk(
        self, delta: dict[str, str], finish: str | None = None, **extra: Any
    ) -> ServerSentEvent:
        """One unnamed event holding a chunk."""
        body = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return json_event(body)

    def events(self, items: Iterator[str | Answer]) -> Iterator[ServerSentEvent]:
        """Role, text pieces, the sources, a ``stop`` chunk (with ``briefbot``), ``[DONE]``.

        An engine failure mid-way becomes an OpenAI error body before ``[DONE]``.
        """
        yield self.chunk({"role": "assistant", "content": ""})
        try:
            for item in items:
                if isinstance(item, Answer):
                    if sources := sources_text(item):
                        yield self.chunk({"content": sources})
                    yield self.chunk({}, "stop", briefbot=item.model_dump(mode="json"))
                else:
                    yield self.chunk({"content": item})
        except (IngestError, BotError) as err:
            status = 400 if isinstance(err, BotError) else 500
            yield json_event(openai_error(str(err), status))
        yield ServerSentEvent(raw_data="[DONE]")


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def _words(text: str) -> int:
    return len(text.split())
