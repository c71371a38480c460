"""The OpenAI-compatible endpoints: ``GET /v1/models[/{model}]``, ``POST /v1/chat/completions``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Response

from bot.api.deps import EngineDep, SettingsDep, StartedDep
from bot.api.errors import declare
from bot.api.openai import (
    MODEL_ID,
    ChatCompletion,
    ChatRequest,
    ChatStream,
    ModelCard,
    ModelList,
    chat_question,
)
from bot.api.sse import event_stream, sse_response

router = APIRouter(tags=["openai"])
CHUNKS = sse_response("a `chat.completion.chunk`, an OpenAI error body, or `[DONE]`", ("message",))


@router.get("/v1/models", response_model=ModelList)
def models(started: StartedDep) -> ModelList:
    """OpenAI-compatible: the one model, ``briefbot``."""
    return ModelList(data=[ModelCard(id=MODEL_ID, created=started)])


@router.get("/v1/models/{model}", response_model=ModelCard, responses=declare(404, openai=True))
def model(model: str, started: StartedDep) -> ModelCard:
    """OpenAI-compatible: the model ``briefbot``; any other id is 404."""
    if model != MODEL_ID:
        raise HTTPException(status_code=404, detail=f"the model '{model}' does not exist")
    return ModelCard(id=MODEL_ID, created=started)


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    responses={**CHUNKS, **declare(400, 413, 500, 503, openai=True)},
)
def chat_completions(
    body: ChatRequest, engine: EngineDep, settings: SettingsDep
) -> ChatCompletion | Response:
    """OpenAI-compatible chat: the last user message is the question.

    The reply's content is the answer followed by its numbered sources; ``briefbot`` holds
    the full Answer (citations, grounded, reason). With ``"stream": true`` the reply is
    OpenAI's ``chat.completion.chunk`` events ending with ``data: [DONE]``; the last chunk
    carries ``briefbot``. Errors are 400 (OpenAI's error body) for unusable messages.
    """
    question, history = chat_question(body.messages, settings.server.max_question_chars)
    options: dict[str, Any] = {"k": body.k, "filters": body.filters(), "history": history}
    if body.stream:
        return event_stream(ChatStream().events(engine.stream(question, **options)))
    return ChatCompletion.from_answer(engine.ask(question, **options), body.messages)
