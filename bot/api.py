"""The HTTP API (FastAPI): a thin router over the engine built by ``bot.factory``.

The app is built by :func:`create_app`; the engine is created once per process, on the first
request that needs it (or at start-up when ``warm=True``), and reached through ``Depends``.

Streamed answers are Server-Sent Events. ``GET /v1/models`` and ``POST /v1/chat/completions``
speak the OpenAI wire format (errors included), so that any OpenAI client or chat front-end can
talk to the bot; they are stateless: earlier turns of ``messages`` only serve to understand a
follow-up question.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.engine import Engine
from bot.errors import BotError
from bot.factory import get_engine
from bot.filters import Filters
from bot.render import sources_text
from bot.types import Answer, PassageOut, passage_out
from ingest.config import Settings, get_settings
from ingest.errors import EmbedderMismatch, IngestError, StoreUnavailable
from ingest.text import detect_language, parse_date

MODEL_ID = "briefbot"
"""The one model ``/v1/models`` lists; chat requests may name any model."""
OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")
"""Paths whose errors use OpenAI's body: ``{"error": {"message", "type", ...}}``."""
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
MAX_QUESTION = 2000
"""Longest question or query accepted, in characters."""
HISTORY_TURNS = 6
"""Earlier user turns of a chat request considered to understand a follow-up."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("the text is blank")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
"""A string with something in it besides white space."""


class RetrievalOptions(BaseModel):
    """How many passages to retrieve and which documents they may come from."""

    k: int | None = Field(None, ge=1, le=50, description="Passages to retrieve.")
    date_from: str | None = Field(None, description="Only sources published on/after this date.")
    date_to: str | None = Field(None, description="Only sources published on/before this date.")
    source_types: list[str] = Field(
        default_factory=list, description="news, official, report, analysis, opinion"
    )
    languages: list[str] = Field(default_factory=list, description="Source languages: es, en.")
    places: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)

    @field_validator("date_from", "date_to")
    @classmethod
    def _readable_date(cls, value: str | None) -> str | None:
        if value and parse_date(value) is None:
            raise ValueError(f"cannot read the date '{value}' (use YYYY-MM-DD)")
        return value

    def filters(self) -> Filters:
        """The retrieval filters of this request."""
        return Filters.build(
            self.date_from,
            self.date_to,
            self.source_types,
            self.languages,
            self.places,
            self.topics,
        )


class AskRequest(RetrievalOptions):
    """A question, with optional retrieval options."""

    # a misspelt or nested option (``"filters": {...}``) would otherwise be ignored in silence
    model_config = ConfigDict(extra="forbid")

    question: Text = Field(
        ..., min_length=1, max_length=MAX_QUESTION, examples=["¿Qué es un aliado extra-OTAN?"]
    )
    conversation_id: str | None = Field(
        None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Continue a conversation: follow-up questions are understood.",
    )
    stream: bool = Field(
        False,
        description="Reply with Server-Sent Events: `delta` pieces, the `answer`, then `done`.",
    )


class SearchRequest(RetrievalOptions):
    """A query for passages, with optional retrieval options."""

    model_config = ConfigDict(extra="forbid")

    query: Text = Field(
        ..., min_length=1, max_length=MAX_QUESTION, examples=["extorsión a transportistas"]
    )


class SearchResult(BaseModel):
    """The passages retrieved for a query, best first."""

    query: str
    language: str
    passages: list[PassageOut]


class Health(BaseModel):
    """Liveness and index size."""

    status: str
    chunks: int
    embedders: list[str]


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


class ChatRequest(RetrievalOptions):
    """An OpenAI chat-completions body; sampling options are accepted and ignored.

    The retrieval options of ``/v1/ask`` may be added (``extra_body`` in the OpenAI client).
    """

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(..., min_length=1)
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


def engine_dependency(request: Request) -> Engine:
    """The process-wide engine."""
    settings: Settings = request.app.state.settings
    return get_engine(settings)


EngineDep = Annotated[Engine, Depends(engine_dependency)]


def sse(data: str, event: str | None = None) -> str:
    """One Server-Sent Event (``data`` is one line of JSON)."""
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {data}\n\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def ask_events(items: Iterator[str | Answer]) -> Iterator[str]:
    """``Engine.stream`` output as events: ``delta`` per piece, ``answer``, then ``done``.

    An engine failure mid-way becomes an ``error`` event (``{"detail": ...}``) before ``done``.
    """
    try:
        for item in items:
            if isinstance(item, Answer):
                yield sse(item.model_dump_json(), "answer")
            else:
                yield sse(_json({"text": item}), "delta")
    except (IngestError, BotError) as err:
        yield sse(_json({"detail": str(err)}), "error")
    yield sse("{}", "done")


def chat_question(messages: list[ChatMessage]) -> tuple[str, list[tuple[str, str]]]:
    """The last user message and the earlier (question, answer) pairs, from which the engine
    understands a follow-up (as it does for a stored conversation).

    Each user message opens a turn whose answer is the assistant message that follows. Other
    roles (system, tool) are ignored.

    Raises:
        HTTPException: 400 when there is no user message, or the last one is empty or too long.
    """
    pairs: list[tuple[str, str]] = []
    for m in messages:
        if m.role == "user":
            pairs.append((m.text().strip(), ""))
        elif m.role == "assistant" and pairs:
            pairs[-1] = (pairs[-1][0], m.text())
    if not pairs:
        raise HTTPException(status_code=400, detail="messages holds no user message")
    question = pairs[-1][0]
    if not question:
        raise HTTPException(status_code=400, detail="the last user message is empty")
    if len(question) > MAX_QUESTION:
        raise HTTPException(
            status_code=400, detail=f"the last user message is over {MAX_QUESTION} characters"
        )
    return question, [p for p in pairs[:-1] if p[0]][-HISTORY_TURNS:]


def _words(text: str) -> int:
    return len(text.split())


class ChatStream:
    """The OpenAI ``chat.completion.chunk`` events of one streamed reply."""

    def __init__(self) -> None:
        """A stream with a fresh completion id."""
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())

    def chunk(self, delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
        """One ``data:`` line holding a chunk."""
        body = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return sse(_json(body))

    def events(self, items: Iterator[str | Answer]) -> Iterator[str]:
        """Role, text pieces, the sources block, a ``stop`` chunk (with ``briefbot``), [DONE]."""
        yield self.chunk({"role": "assistant", "content": ""})
        try:
            for item in items:
                if isinstance(item, Answer):
                    answer = item
                    if block := sources_text(answer):
                        yield self.chunk({"content": block})
                    yield self.chunk({}, "stop", briefbot=answer.model_dump(mode="json"))
                else:
                    yield self.chunk({"content": item})
        except (IngestError, BotError) as err:
            status = 400 if isinstance(err, BotError) else 500
            yield sse(_json(openai_error(str(err), status)))
        yield sse("[DONE]")


def openai_error(message: str, status: int) -> dict[str, Any]:
    """An OpenAI error body."""
    kind = "server_error" if status >= 500 else "invalid_request_error"
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def _is_openai(request: Request) -> bool:
    return request.url.path.startswith(OPENAI_PATHS)


def _error(request: Request, status: int, message: str) -> JSONResponse:
    body = openai_error(message, status) if _is_openai(request) else {"detail": message}
    return JSONResponse(status_code=status, content=body)


SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}
}


def serving_app() -> FastAPI:
    """The app ``briefbot serve`` runs: settings from the environment, engine warmed."""
    return create_app(warm=True)


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """Build the FastAPI application.

    Args:
        settings: configuration (default: from the environment).
        warm: build and warm the engine (load models, open the index) at start-up, so the
            server answers only when the first question will be fast.
    """
    settings = settings or get_settings()
    started = int(time.time())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        if warm:
            get_engine(settings).warm()
        yield

    app = FastAPI(
        title="briefbot API",
        version="0.1.0",
        description="Cited answers on Peru–US–Ecuador security from the ingested corpus.",
        lifespan=lifespan,
    )
    app.state.settings = settings

    @app.exception_handler(IngestError)
    async def ingest_error(request: Request, err: IngestError) -> JSONResponse:
        status = 503 if isinstance(err, StoreUnavailable | EmbedderMismatch) else 500
        return _error(request, status, str(err))

    @app.exception_handler(BotError)
    async def bot_error(request: Request, err: BotError) -> JSONResponse:
        return _error(request, 400, str(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        if _is_openai(request):
            return _error(request, err.status_code, str(err.detail))
        return await http_exception_handler(request, err)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> Response:
        if _is_openai(request):
            problems = [
                f"{'.'.join(str(x) for x in e['loc'] if x != 'body') or 'body'}: {e['msg']}"
                for e in err.errors()
            ]
            return _error(request, 400, "; ".join(problems))
        return await request_validation_exception_handler(request, err)

    @app.get("/health", response_model=Health, tags=["meta"])
    def health(engine: EngineDep) -> Health:
        """Liveness: the index is open; how many chunks it holds."""
        return Health(
            status="ok",
            chunks=engine.retriever.store.count(),
            embedders=[e.id for e in engine.embedders.values()],
        )

    @app.post("/v1/ask", response_model=Answer, tags=["answers"], responses=SSE_RESPONSE)
    def ask(body: AskRequest, engine: EngineDep) -> Answer | Response:
        """Answer a question with numbered citations, or say there is no evidence.

        With ``"stream": true`` the reply is ``text/event-stream``: ``delta`` events
        (``{"text"}``) as the answer is written, one ``answer`` event (the Answer JSON, whose
        text is the verified one), then ``done``.
        """
        options: dict[str, Any] = {
            "k": body.k,
            "filters": body.filters(),
            "conversation_id": body.conversation_id,
        }
        if body.stream:
            events = ask_events(engine.stream(body.question, **options))
            return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)
        return engine.ask(body.question, **options)

    @app.post("/v1/search", response_model=SearchResult, tags=["answers"])
    def search(body: SearchRequest, engine: EngineDep) -> SearchResult:
        """The passages retrieval finds for a query, best first, without composing an answer."""
        query = body.query.strip()
        language = detect_language(query)
        passages = engine.retriever.search(
            query,
            language,
            k=body.k or engine.settings.top_k,
            max_per_doc=engine.settings.max_per_doc,
            filters=body.filters(),
        )
        return SearchResult(
            query=query, language=language, passages=[passage_out(p) for p in passages]
        )

    @app.get("/v1/models", response_model=ModelList, tags=["openai"])
    def models() -> ModelList:
        """OpenAI-compatible: the one model, ``briefbot``."""
        return ModelList(data=[ModelCard(id=MODEL_ID, created=started)])

    @app.get("/v1/models/{model}", response_model=ModelCard, tags=["openai"])
    def model(model: str) -> ModelCard:
        """OpenAI-compatible: the model ``briefbot``; any other id is 404."""
        if model != MODEL_ID:
            raise HTTPException(status_code=404, detail=f"the model '{model}' does not exist")
        return ModelCard(id=MODEL_ID, created=started)

    @app.post(
        "/v1/chat/completions",
        response_model=ChatCompletion,
        tags=["openai"],
        responses=SSE_RESPONSE,
    )
    def chat_completions(body: ChatRequest, engine: EngineDep) -> ChatCompletion | Response:
        """OpenAI-compatible chat: the last user message is the question.

        The reply's content is the answer followed by its numbered sources; ``briefbot`` holds
        the full Answer (citations, grounded, reason). With ``"stream": true`` the reply is
        OpenAI's ``chat.completion.chunk`` events ending with ``data: [DONE]``; the last chunk
        carries ``briefbot``. Errors are 400 (OpenAI's error body) for unusable messages.
        """
        question, history = chat_question(body.messages)
        if body.stream:
            items = engine.stream(question, k=body.k, filters=body.filters(), history=history)
            events = ChatStream().events(items)
            return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)
        answer = engine.ask(question, k=body.k, filters=body.filters(), history=history)
        content = answer.answer + sources_text(answer)
        prompt = sum(_words(m.text()) for m in body.messages)
        return ChatCompletion(
            id=f"chatcmpl-{uuid.uuid4().hex}",
            created=int(time.time()),
            choices=[ChatChoice(message=ChatReply(content=content))],
            usage=Usage(
                prompt_tokens=prompt,
                completion_tokens=_words(content),
                total_tokens=prompt + _words(content),
            ),
            briefbot=answer,
        )

    return app
