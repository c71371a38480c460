"""API keys: the settings and the keys file read into digests and roles, keys made and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KeyFileError
from bot.keys import allows, append_key, digest, load_keys, new_key


def test_plain_keys_are_admin_unless_written_key_read() -> None:
    keys = load_keys(["alpha", "beta:read", "gamma:admin"], None)
    assert keys.role_of("alpha") == (digest("alpha"), "admin")
    assert keys.role_of("beta") == (digest("beta"), "read")
    assert keys.role_of("gamma") == (digest("gamma"), "admin")
    assert keys.role_of("beta:read") is None and keys.role_of("nope") is None


def test_the_keys_file_holds_keys_or_hashes_roles_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(
        "# the team's keys\n"
        "\n"
        f"sha256:{digest('hashed').upper()} read   # written by keys create\n"
        "plain-key\n"
        "  admin-key   admin\n",
        encoding="utf-8",
    )
    keys = load_keys([], path)
    assert [role for _, role in keys.entries] == ["read", "admin", "admin"]
    assert keys.role_of("hashed") == (digest("hashed"), "read")
    assert keys.role_of("plain-key") is not None and keys.role_of("admin-key") is not None
    assert keys.role_of(f"sha256:{digest('hashed')}") is None  # the hash is not a key


def test_no_keys_is_an_open_api() -> None:
    assert not load_keys([], None) and load_keys(["k"], None)


@pytest.mark.parametrize(
    "line, problem",
    [
        ("key read extra", "keys:2: expected 'KEY [ROLE]', got 3 words"),
        ("key writer", "keys:2: unknown role 'writer' (use read or admin)"),
        ("sha256:abc123 read", "keys:2: a sha256 hash is 64 hex digits after 'sha256:'"),
        ("sha256:" + "z" * 64, "keys:2: a sha256 hash is 64 hex digits after 'sha256:'"),
    ],
)
def test_a_bad_line_is_an_error_naming_the_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "keys"
    path.write_text(f"# first\n{line}\n", encoding="utf-8")
    with pytest.raises(KeyFileError) as caught:
        load_keys([], path)
    assert str(caught.value) == f"{path.parent}/{problem}"


def test_a_colon_not_followed_by_a_role_is_part_of_the_key() -> None:
    keys = load_keys(["abc:def"], None)
    assert keys.role_of("abc:def") == (digest("abc:def"), "admin")


def test_a_missing_keys_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot read the keys file"):
        load_keys([], tmp_path / "missing")


def test_a_new_key_is_appended_as_its_hash_and_role(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "keys"
    first, second = new_key(), new_key()
    assert first != second and len(first) > 40
    append_key(path, first, "read")
    path.write_text(path.read_text() + "# no newline at the end", encoding="utf-8")
    append_key(path, second, "admin")
    text = path.read_text()
    assert first not in text and second not in text
    assert f"sha256:{digest(first)} read\n" in text
    assert text.endswith(f"\nsha256:{digest(second)} admin\n")
    keys = load_keys([], path)
    assert keys.role_of(first) == (digest(first), "read")
    assert keys.role_of(second) == (digest(second), "admin")
    assert path.stat().st_mode & 0o777 == 0o600


def test_admin_allows_everything_read_only_reading() -> None:
    assert allows("admin", "read") and allows("admin", "admin") and allows("read", "read")
    assert not allows("read", "admin")
