"""``briefbot serve`` refuses to face a network with no keys; uvicorn is not started."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from bot.cli import main
from bot.cli.servers import is_loopback
from ingest.config import get_settings


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The uvicorn runs `serve` asked for (none really start)."""
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: runs.append(kwargs))
    return runs


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "api.example.org"])
def test_a_public_host_without_keys_is_refused(started: list[dict[str, Any]], host: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", host])
    assert result.exit_code == 1 and started == []
    assert f"refusing to serve on {host} with no API keys" in result.stderr
    assert "--insecure" in result.stderr


def test_a_public_host_from_the_settings_is_refused_too(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFBOT_API_HOST", "0.0.0.0")
    assert CliRunner().invoke(main, ["serve"]).exit_code == 1 and started == []


def test_insecure_or_a_key_lets_it_bind_a_public_host(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--insecure"]).exit_code == 0
    monkeypatch.setenv("BRIEFBOT_API_KEYS", "k1")
    get_settings.cache_clear()
    assert CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9"]).exit_code == 0
    assert [(r["host"], r["port"]) for r in started] == [("0.0.0.0", 8000), ("0.0.0.0", 9)]


def test_loopback_needs_no_keys(started: list[dict[str, Any]]) -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        assert CliRunner().invoke(main, ["serve", "--host", host]).exit_code == 0
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    assert [r["host"] for r in started] == ["127.0.0.1", "localhost", "::1", "127.0.0.1"]


def test_a_bad_keys_file_stops_serve_with_the_line(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "keys"
    path.write_text("k1 superuser\n")
    monkeypatch.setenv("BRIEFBOT_API_KEYS_FILE", str(path))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1 and started == []
    assert f"{path}:1: unknown role 'superuser'" in result.stderr


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.2") and is_loopback("[::1]") and not is_loopback("10.0.0.1")


def test_the_ui_upload_widget_is_capped_at_the_api_file_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.cli.servers import ui_command

    monkeypatch.setenv("BRIEFBOT_MAX_FILE_MB", "12.5")
    get_settings.cache_clear()
    cmd = ui_command(8600)
    assert cmd[cmd.index("--server.maxUploadSize") + 1] == "13"
    assert cmd[cmd.index("--server.port") + 1] == "8600"
