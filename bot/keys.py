"""API keys: reading them from the settings and the keys file, checking one, making one.

Keys are held as sha256 digests with a role; a presented key is hashed and compared with
:func:`hmac.compare_digest` against every digest, so neither the lookup nor the comparison
depends on how much of a key is right.

The keys file has one key a line, an optional role after white space, and ``#`` comments::

    # written by `briefbot keys create`
    sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 read
    a-plain-key admin

A plain ``BRIEFBOT_API_KEYS`` entry is an admin key unless written ``key:read``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from bot.errors import KeyFileError

Role = Literal["read", "admin"]
ROLES: tuple[Role, ...] = ("read", "admin")
"""Roles, weakest first: ``read`` asks, searches, chats and lists models; ``admin`` does all."""
HASH_PREFIX = "sha256:"
"""How a line of the keys file says it holds a digest rather than the key itself."""


def digest(key: str) -> str:
    """The hex sha256 digest of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def allows(role: Role, needed: Role) -> bool:
    """Whether a key of ``role`` may call a route that needs ``needed``."""
    return ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class KeyRing:
    """The configured keys, as (digest, role) pairs; empty means the API is open."""

    entries: tuple[tuple[str, Role], ...] = ()

    def __bool__(self) -> bool:
        """True when at least one key is configured."""
        return bool(self.entries)

    def role_of(self, key: str) -> tuple[str, Role] | None:
        """The digest and role of ``key``, or None when it is not a configured key."""
        presented = digest(key)
        found: tuple[str, Role] | None = None
        for known, role in self.entries:
            if hmac.compare_digest(presented, known):
                found = (known, role)
        return found


def load_keys(keys: list[str], keys_file: Path | None) -> KeyRing:
    """The key ring of the settings ``api_keys`` and ``api_keys_file``.

    Raises:
        KeyFileError: an unreadable file, an unknown role, a malformed hash.
    """
    entries = [_plain_entry(item) for item in keys]
    if keys_file is not None:
        try:
            text = keys_file.read_text(encoding="utf-8")
        except OSError as err:
            raise KeyFileError(f"cannot read the keys file {keys_file}: {err}") from err
        for n, line in enumerate(text.splitlines(), 1):
            if entry := _file_entry(line, f"{keys_file}:{n}"):
                entries.append(entry)
    return KeyRing(tuple(entries))


def new_key() -> str:
    """A fresh random key (32 bytes, URL-safe text)."""
    return "bb-" + secrets.token_urlsafe(32)


def append_key(keys_file: Path, key: str, role: Role) -> None:
    """Add ``key``'s digest with ``role`` to ``keys_file`` (created if missing, mode 0600)."""
    keys_file.parent.mkdir(parents=True, exist_ok=True)
    keys_file.touch(mode=0o600, exist_ok=True)
    text = keys_file.read_text(encoding="utf-8")
    prefix = "" if not text or text.endswith("\n") else "\n"
    with keys_file.open("a", encoding="utf-8") as out:
        out.write(f"{prefix}{HASH_PREFIX}{digest(key)} {role}\n")


def _plain_entry(item: str) -> tuple[str, Role]:
    key, _, suffix = item.rpartition(":")
    if key and suffix in ROLES:
        return digest(key), _role(suffix, "BRIEFBOT_API_KEYS")
    return digest(item), "admin"


def _file_entry(line: str, where: str) -> tuple[str, Role] | None:
    text = line.split("#", 1)[0].strip()
    if not text:
        return None
    parts = text.split()
    if len(parts) > 2:
        raise KeyFileError(f"{where}: expected 'KEY [ROLE]', got {len(parts)} words")
    role = _role(parts[1] if len(parts) == 2 else "admin", where)
    key = parts[0]
    if not key.startswith(HASH_PREFIX):
        return digest(key), role
    hexdigest = key.removeprefix(HASH_PREFIX).lower()
    if len(hexdigest) != 64 or any(c not in "0123456789abcdef" for c in hexdigest):
        raise KeyFileError(f"{where}: a sha256 hash is 64 hex digits after 'sha256:'")
    return hexdigest, role


def _role(role: str, where: str) -> Role:
    if role not in ROLES:
        raise KeyFileError(f"{where}: unknown role '{role}' (use {' or '.join(ROLES)})")
    return cast(Role, role)
