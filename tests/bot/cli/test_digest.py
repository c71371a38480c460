"""`briefbot digest` through click's CliRunner, over a fake engine and library (no models)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import bot.factory
import bot.library
from bot.cli import main
from tests.bot.brief.test_digest import LIBRARY, FakeEngine, FakeLibrary


@pytest.fixture(autouse=True)
def library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.factory, "get_engine", lambda: FakeEngine())
    monkeypatch.setattr(bot.library, "Library", lambda settings: FakeLibrary(LIBRARY))


def test_digest_prints_markdown_by_topic_and_place() -> None:
    result = CliRunner().invoke(main, ["digest", "--since", "2024-01-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# What changed since 2024-01-01\n")
    assert "## extortion · Piura" in result.stdout and "\n[1] " in result.stdout


def test_digest_json_on_a_topic_in_spanish_headings() -> None:
    result = CliRunner().invoke(
        main, ["digest", "--since", "2024-01-01", "--topic", "minería ilegal", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["topic"] == "minería ilegal" and data["groups"] == []
    es = CliRunner().invoke(main, ["digest", "--since", "2024-01-01", "--topic", "minería ilegal"])
    assert es.stdout.startswith("# Novedades desde 2024-01-01: minería ilegal\n")


def test_digest_refuses_a_date_it_cannot_read() -> None:
    result = CliRunner().invoke(main, ["digest", "--since", "2024"])
    assert result.exit_code == 2
    assert "'2024' does not match the format '%Y-%m-%d'" in result.output


def test_digest_needs_a_date() -> None:
    result = CliRunner().invoke(main, ["digest"])
    assert result.exit_code == 2 and "--since" in result.output
