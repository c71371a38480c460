"""``GET /health``: liveness and the size of the index."""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import EngineDep
from bot.api.errors import declare
from bot.api.schemas import Health

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health, responses=declare(500, 503))
def health(engine: EngineDep) -> Health:
    """Liveness: the index is open; how many chunks it holds."""
    return Health(status="ok", chunks=engine.count(), embedders=engine.embedder_ids)
