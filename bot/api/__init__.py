"""The HTTP API (FastAPI): thin routers over the engine built by ``bot.factory``.

The app is built by :func:`create_app`; the engine is created once per process, on the first
request that needs it (or at start-up when ``warm=True``), and reached through ``Depends``
(:mod:`bot.api.deps`). ``briefbot serve`` runs :func:`serving_app` with uvicorn.

::

    app.py            create_app, serving_app: lifespan, error translation, guards, routers
    local.py          local_client: an httpx client of the app in this process (the UI alone)
    deps.py           EngineDep, SettingsDep (overridable with app.dependency_overrides)
    auth.py           require(role): the bearer key check (401, 403) when keys are configured
    quotas.py         RateLimit (429), BodyLimit (413), check_length (the question's 422)
    errors.py         error bodies (native and OpenAI), error_response, declare(statuses)
    schemas.py        the native API's bodies: AskRequest, SearchRequest, SearchResult, Health
    openai.py         the OpenAI wire format: chat bodies, completions, chunks, error bodies
    sse.py            Server-Sent Events responses (FastAPI's own encoder)
    mcp.py            mount: /mcp, the MCP tools (bot.mcp) over Streamable HTTP, same guards
    routes/health.py  GET /health
    routes/answers.py POST /v1/ask, POST /v1/search
    routes/openai.py  GET /v1/models[/{model}], POST /v1/chat/completions

Streamed answers are Server-Sent Events. ``GET /v1/models`` and ``POST /v1/chat/completions``
speak the OpenAI wire format (errors included), so that any OpenAI client or chat front-end can
talk to the bot; they are stateless: earlier turns of ``messages`` only serve to understand a
follow-up question.
"""

from bot.api.app import create_app, serving_app
from bot.api.local import local_client

__all__ = ["create_app", "local_client", "serving_app"]
