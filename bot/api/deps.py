"""What the route handlers get through ``Depends``; tests replace them with
``app.dependency_overrides[get_engine_dep] = ...``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.engine import Engine
from bot.factory import get_engine
from bot.jobs import JobRunner
from ingest.config import Settings


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_engine_dep(settings: SettingsDep) -> Engine:
    """The process-wide engine for the app's settings (built on first use)."""
    return get_engine(settings)


EngineDep = Annotated[Engine, Depends(get_engine_dep)]


def get_jobs(request: Request) -> JobRunner:
    """The app's ingest job runner (started on first use)."""
    runner: JobRunner = request.app.state.jobs()
    return runner


JobsDep = Annotated[JobRunner, Depends(get_jobs)]


def get_started(request: Request) -> int:
    """When the app was built, in Unix seconds (the ``created`` of the OpenAI model)."""
    started: int = request.app.state.started
    return started


StartedDep = Annotated[int, Depends(get_started)]
