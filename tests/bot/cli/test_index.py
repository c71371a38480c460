"""`briefbot ingest` output: a progress bar on a terminal, one JSON object with `--json`."""

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.conftest import MODELS_DIR, ROOT


def _folder(tmp_path: Path) -> Path:
    """Two good files, one with a broken front matter (a warning), one unknown type (a skip)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text(
        "---\ntitle: [unclosed\n---\n# Paita\n\nEl puerto de Paita exporta fosfatos.",
        encoding="utf-8",
    )
    (src / "b.txt").write_text("Tumbes borders Ecuador at Aguas Verdes.", encoding="utf-8")
    (src / "c.xyz").write_bytes(b"?")
    return src


@pytest.mark.slow
def test_json_output_is_one_object_even_with_warnings_and_skips(tmp_path: Path) -> None:
    runner = CliRunner(env={"BRIEFBOT_DATA_DIR": str(tmp_path / "data")})
    result = runner.invoke(main, ["ingest", "--json", str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1
    report = json.loads(result.stdout)
    assert report["added"] == 2
    assert [w["message"][:25] for w in report["warnings"]] == ["broken YAML front matter "]
    assert [Path(s["path"]).name for s in report["skipped"]] == ["c.xyz"]
    assert result.stderr == ""


def _run_on_a_terminal(args: list[str], data: Path) -> tuple[str, str, int]:
    """Run briefbot with stderr on a pseudo-terminal; (stdout, terminal output, exit code)."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {
        **os.environ,
        "BRIEFBOT_DATA_DIR": str(data),
        "BRIEFBOT_MODELS_DIR": str(MODELS_DIR),
        "HF_HUB_OFFLINE": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process is done with it
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout, _ = proc.communicate(timeout=300)
    os.close(controller)
    return stdout.decode(), b"".join(chunks).decode(errors="replace"), proc.returncode


@pytest.mark.e2e
def test_progress_bar_on_a_terminal_and_none_with_json(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    stdout, terminal, code = _run_on_a_terminal(["ingest", str(src)], tmp_path / "one")
    assert code == 0, terminal
    assert "ingest: 100%" in terminal and "2/2" in terminal
    assert stdout.startswith("added 2, updated 0")

    stdout, terminal, code = _run_on_a_terminal(["ingest", "--json", str(src)], tmp_path / "two")
    assert code == 0, terminal
    assert terminal == ""
    assert json.loads(stdout)["added"] == 2 and stdout.count("\n") == 1
