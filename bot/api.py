"""The HTTP API (FastAPI): a thin router over the engine built by ``bot.factory``.

The app is built by :func:`create_app`; the engine is created once per process, on the first
request that needs it (or at start-up when ``warm=True``), and reached through ``Depends``.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bot.engine import Engine
from bot.errors import BotError
from bot.factory import get_engine
from bot.filters import Filters
from bot.types import Answer
from ingest.config import Settings, get_settings
from ingest.errors import EmbedderMismatch, IngestError, StoreUnavailable


class AskRequest(BaseModel):
    """A question, with optional retrieval options."""

    question: str = Field(
        ..., min_length=1, max_length=2000, examples=["¿Qué es un aliado extra-OTAN?"]
    )
    k: int | None = Field(None, ge=1, le=50, description="Passages to retrieve.")
    date_from: str | None = Field(None, description="Only sources published on/after this date.")
    date_to: str | None = Field(None, description="Only sources published on/before this date.")
    source_types: list[str] = Field(
        default_factory=list, description="news, official, report, analysis, opinion"
    )
    languages: list[str] = Field(default_factory=list, description="Source languages: es, en.")
    places: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    conversation_id: str | None = Field(
        None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Continue a conversation: follow-up questions are understood.",
    )

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


class Health(BaseModel):
    """Liveness and index size."""

    status: str
    chunks: int
    embedders: list[str]


def engine_dependency(request: Request) -> Engine:
    """The process-wide engine."""
    settings: Settings = request.app.state.settings
    return get_engine(settings)


EngineDep = Annotated[Engine, Depends(engine_dependency)]


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """Build the FastAPI application.

    Args:
        settings: configuration (default: from the environment).
        warm: build the engine (load models, open the index) at start-up.
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        if warm:
            get_engine(settings)
        yield

    app = FastAPI(
        title="briefbot API",
        version="0.1.0",
        description="Cited answers on Peru–US–Ecuador security from the ingested corpus.",
        lifespan=lifespan,
    )
    app.state.settings = settings

    @app.exception_handler(IngestError)
    async def ingest_error(_: Request, err: IngestError) -> JSONResponse:
        status = 503 if isinstance(err, StoreUnavailable | EmbedderMismatch) else 500
        return JSONResponse(status_code=status, content={"detail": str(err)})

    @app.exception_handler(BotError)
    async def bot_error(_: Request, err: BotError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(err)})

    @app.get("/health", response_model=Health, tags=["meta"])
    def health(engine: EngineDep) -> Health:
        """Liveness: the index is open; how many chunks it holds."""
        return Health(
            status="ok",
            chunks=engine.retriever.store.count(),
            embedders=[e.id for e in engine.embedders.values()],
        )

    @app.post("/v1/ask", response_model=Answer, tags=["answers"])
    def ask(body: AskRequest, engine: EngineDep) -> Answer:
        """Answer a question with numbered citations, or say there is no evidence."""
        if not body.question.strip():
            raise HTTPException(status_code=422, detail="the question is empty")
        try:
            filters = body.filters()
        except ValueError as err:
            raise HTTPException(status_code=422, detail=str(err)) from err
        return engine.ask(
            body.question, k=body.k, filters=filters, conversation_id=body.conversation_id
        )

    return app
