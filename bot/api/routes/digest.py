"""``POST /v1/digest``: what the index gained since a date (:class:`bot.brief.digest.Digest`)."""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import EngineDep
from bot.api.routes.answers import ERRORS
from bot.api.schemas import DigestRequest
from bot.brief.digest import Digest, build_digest

router = APIRouter(tags=["briefs"])


@router.post("/v1/digest", response_model=Digest, responses=ERRORS)
def digest(body: DigestRequest, engine: EngineDep) -> Digest:
    """The documents ingested or published since ``since``, grouped by topic and place, each
    with its most informative sentence and the citation whose quote contains it."""
    return build_digest(engine, body.since, body.topic)
