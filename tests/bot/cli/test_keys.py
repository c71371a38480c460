"""``briefbot keys create``: the key printed once, only its hash kept, usable by the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.keys import digest, load_keys


@pytest.mark.parametrize("role", ["read", "admin"])
def test_create_prints_a_key_and_keeps_its_hash_and_role(tmp_path: Path, role: str) -> None:
    path = tmp_path / "keys"
    result = CliRunner().invoke(main, ["keys", "create", "--role", role, "--file", str(path)])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    assert key.startswith("bb-") and len(key) > 40
    assert path.read_text() == f"sha256:{digest(key)} {role}\n"
    assert load_keys([], path).role_of(key) == (digest(key), role)
    assert f"BRIEFBOT_API_KEYS_FILE={path}" in result.stderr


def test_create_defaults_to_a_read_key_in_the_configured_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "configured"
    monkeypatch.setenv("BRIEFBOT_API_KEYS_FILE", str(path))
    runner = CliRunner()
    keys = [runner.invoke(main, ["keys", "create"]).stdout.strip() for _ in range(2)]
    ring = load_keys([], path)
    assert [ring.role_of(k) for k in keys] == [(digest(k), "read") for k in keys]
    assert keys[0] != keys[1]


def test_create_without_a_file_writes_into_the_data_dir(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["keys", "create"])
    assert result.exit_code == 0
    assert (tmp_path / "data" / "api_keys").read_text().endswith(" read\n")


def test_an_unknown_role_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["keys", "create", "--role", "root"])
    assert result.exit_code == 2 and not (tmp_path / "data" / "api_keys").exists()
