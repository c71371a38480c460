"""`briefbot run` as a supervisor, with stand-in child processes (no servers start).

The real processes are exercised by ``tests/e2e/test_run.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

import bot.cli.run
from bot.cli import main
from bot.cli.servers import UI_APP


@dataclass
class Children:
    """The stand-in children `run` started, and what happens when it first polls one."""

    started: list[FakeProcess] = field(default_factory=list)
    first_poll: Callable[[FakeProcess], None] | None = None
    health: list[int] = field(default_factory=list)
    """How many children had started at each ``/health`` request."""
    answers_after: int = 0
    """``/health`` requests refused before one is answered (-1: never)."""
    on_answer: Callable[[FakeProcess], None] | None = None
    """The ``first_poll`` from the moment ``/health`` answers."""


class FakeProcess:
    """A child that runs until SIGINT (unless it ignores it) or until a test ends it."""

    def __init__(self, argv: list[str], children: Children, env: dict[str, str] | None) -> None:
        """Start (pretend to) ``argv`` in ``env`` (None: this process's)."""
        self.argv = argv
        self.env = env
        self.children = children
        self.returncode: int | None = None
        self.signals: list[int] = []
        self.killed = False
        self.ignores_sigint = False
        children.started.append(self)

    def poll(self) -> int | None:
        """The exit code, or None while running."""
        action, self.children.first_poll = self.children.first_poll, None
        if action is not None:
            action(self)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        """Record ``sig``; SIGINT stops the child unless it ignores it."""
        self.signals.append(sig)
        if sig == signal.SIGINT and not self.ignores_sigint:
            self.returncode = -signal.SIGINT

    def wait(self, timeout: float | None = None) -> int:
        """The exit code; a child still running times out."""
        if self.returncode is None:
            raise subprocess.TimeoutExpired(self.argv, timeout or 0)
        return self.returncode

    def kill(self) -> None:
        """SIGKILL."""
        self.killed = True
        self.returncode = -signal.SIGKILL


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Iterator[Children]:
    """Stand-ins for the children `run` starts; this process's signal handlers restored after."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    started = Children()
    # until `run` installs its own handler, a SIGTERM fails the test instead of ending pytest
    signal.signal(signal.SIGTERM, lambda *_: pytest.fail("run left SIGTERM unhandled"))
    monkeypatch.setattr(subprocess, "Popen", lambda argv, env=None: FakeProcess(argv, started, env))

    def health(url: str, timeout: float) -> httpx.Response:
        assert url == "http://127.0.0.1:18000/health"
        started.health.append(len(started.started))
        if started.answers_after < 0 or len(started.health) <= started.answers_after:
            raise httpx.ConnectError("connection refused")
        if started.on_answer is not None:
            started.first_poll = started.on_answer
        return httpx.Response(200, json={"status": "ok"})

    monkeypatch.setattr(bot.cli.run.httpx, "get", health)
    monkeypatch.setattr(bot.cli.run.time, "sleep", lambda seconds: None)
    monkeypatch.setenv("BRIEFBOT_API_PORT", "18000")
    monkeypatch.setenv("BRIEFBOT_UI_PORT", "18501")
    yield started
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


def _signal_self(sig: int) -> Callable[[FakeProcess], None]:
    return lambda proc: os.kill(os.getpid(), sig)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_one_signal_stops_both_children_cleanly(children: Children, stop: int) -> None:
    children.first_poll = _signal_self(stop)
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 0, result.output
    api, ui = children.started
    assert api.argv == [sys.executable, "-m", "bot", "serve"]
    assert ui.argv[:5] == [sys.executable, "-m", "streamlit", "run", str(UI_APP)]
    assert ui.argv[ui.argv.index("--server.port") + 1] == "18501"
    assert api.signals == ui.signals == [signal.SIGINT]
    assert "API: http://127.0.0.1:18000" in result.stdout
    assert "UI:  http://127.0.0.1:18501" in result.stdout


def test_a_child_that_fails_stops_the_other_and_exits_1(children: Children) -> None:
    def crash(proc: FakeProcess) -> None:
        proc.returncode = 3

    children.first_poll = crash
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    api, ui = children.started
    assert api.returncode == 3 and api.signals == []
    assert ui.signals == [signal.SIGINT] and not ui.killed


def test_a_child_that_ignores_sigint_is_killed(children: Children) -> None:
    def stubborn_ui_then_sigterm(proc: FakeProcess) -> None:
        children.started[1].ignores_sigint = True
        os.kill(os.getpid(), signal.SIGTERM)

    children.first_poll = stubborn_ui_then_sigterm
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    api, ui = children.started
    assert not api.killed and api.returncode == -signal.SIGINT
    assert ui.killed and ui.signals == [signal.SIGINT]


def test_the_ui_starts_once_the_api_answers_and_calls_it(
    children: Children, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFBOT_UI_API_KEY", "ui-key")
    children.answers_after = 3
    children.on_answer = _signal_self(signal.SIGINT)
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 0, result.output
    assert children.health == [1, 1, 1, 1]  # only the API runs until /health answers
    api, ui = children.started
    assert api.env is None
    assert ui.env is not None and ui.env["BRIEFBOT_API_URL"] == "http://127.0.0.1:18000"
    assert ui.env["BRIEFBOT_UI_API_KEY"] == "ui-key"


def test_an_api_that_exits_before_answering_starts_no_ui(children: Children) -> None:
    def crash(proc: FakeProcess) -> None:
        proc.returncode = 1

    children.answers_after = -1
    children.first_poll = crash
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    [api] = children.started
    assert api.returncode == 1


def test_an_api_that_never_answers_is_stopped_and_run_exits_1(
    children: Children, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.cli.run, "API_START_SECONDS", 0.0)
    children.answers_after = -1
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    assert "did not answer /health in 0 s" in result.output
    [api] = children.started
    assert api.signals == [signal.SIGINT]


@pytest.mark.parametrize(
    "host, url",
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("0.0.0.0", "http://127.0.0.1:8000"),
        ("::1", "http://[::1]:8000"),
        ("10.0.0.5", "http://10.0.0.5:8000"),
    ],
)
def test_the_ui_calls_the_address_the_api_binds(host: str, url: str) -> None:
    from tests.conftest import make_settings

    settings = make_settings(Path("unused"), api_host=host, api_port=8000)
    assert bot.cli.run.api_url(settings) == url
