"""``POST /v1/brief``: a cited brief on a topic (the JSON contract of :class:`bot.brief.Brief`)."""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import EngineDep, SettingsDep
from bot.api.quotas import check_length
from bot.api.routes.answers import ERRORS
from bot.api.schemas import BriefRequest
from bot.brief import Brief, build_brief

router = APIRouter(tags=["briefs"])


@router.post("/v1/brief", response_model=Brief, responses=ERRORS)
def brief(body: BriefRequest, engine: EngineDep, settings: SettingsDep) -> Brief:
    """Key points, a dated timeline (``since``/``until`` bound the event dates), actors and
    places, numbered citations and coverage; a topic the corpus does not cover gets
    ``evidence: "none"`` and nothing else."""
    check_length(body.topic, settings.server.max_question_chars, "topic")
    return build_brief(
        engine,
        body.topic,
        since=body.since,
        until=body.until,
        language=body.language,
        source_types=body.source_types,
        places=body.places,
    )
