"""`briefbot brief` through click's CliRunner, over the brief's fake engine (no models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import bot.factory
from bot.brief import Brief
from bot.cli import main
from bot.errors import BadRequest
from tests.bot.brief.conftest import CORPUS, FakeEngine


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine(list(CORPUS))
    monkeypatch.setattr(bot.factory, "get_engine", lambda: fake)
    return fake


def test_brief_prints_markdown_in_the_topics_language(engine: FakeEngine) -> None:
    result = CliRunner().invoke(main, ["brief", "extorsión en Piura"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Informe: extorsión en Piura\n")
    assert "## Cronología" in result.stdout and "\n[1] " in result.stdout


def test_brief_json_is_the_contract_with_the_options_applied(engine: FakeEngine) -> None:
    args = ["brief", "extortion in Piura", "--format", "json", "--lang", "es"]
    result = CliRunner().invoke(main, [*args, "--since", "2024", "--type", "official"])
    assert result.exit_code == 0, result.output
    brief = Brief.model_validate_json(result.stdout)
    assert brief.language == "es" and brief.since == "2024"
    assert {c.doc_id for c in brief.citations} == {"correo.md"}
    assert all(e.date >= "2024" for e in brief.timeline)
    assert set(json.loads(result.stdout)) >= {"points", "timeline", "actors", "places", "coverage"}


def test_place_reaches_the_retriever_and_o_writes_a_file(
    engine: FakeEngine, tmp_path: Path
) -> None:
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(main, ["brief", "extortion", "--place", "Sullana", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert engine.retriever.calls[0]["filters"].places == ("sullana",)
    assert out.read_text(encoding="utf-8").startswith("# Brief: extortion\n")
    assert result.stdout == ""


def test_an_unreadable_since_is_a_bad_parameter(engine: FakeEngine) -> None:
    result = CliRunner().invoke(main, ["brief", "extortion", "--since", "last week"])
    assert result.exit_code == 2
    assert "--since" in result.stderr and "YYYY" in result.stderr
    assert engine.retriever.calls == []


def test_an_engine_error_exits_1(engine: FakeEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise BadRequest("the index is busy")

    monkeypatch.setattr(engine.retriever, "search", broken)
    result = CliRunner().invoke(main, ["brief", "extortion"])
    assert result.exit_code == 1 and result.stderr == "Error: the index is busy\n"


def test_brief_writes_a_pdf_file(engine: FakeEngine, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    result = CliRunner().invoke(main, ["brief", "extortion", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


def test_brief_refuses_pdf_without_a_file(engine: FakeEngine) -> None:
    result = CliRunner().invoke(main, ["brief", "extortion", "--format", "pdf"])
    assert result.exit_code == 2
    assert "--format pdf writes a file: give it with -o FILE" in result.output
    assert "%PDF" not in result.output
