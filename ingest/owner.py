"""Who owns a data dir: one writing process at a time, and where a running server listens.

Chroma's embedded client is not process-safe (a reader in one process keeps stale state after
another process writes), so a data dir has one *owner*: the process that opens it to write or
to serve. The owner holds an exclusive ``flock`` on ``<data_dir>/owner.lock`` and writes
there who it is (pid, what it runs); a second process that tries gets :class:`IndexBusy`
naming the holder. The kernel drops the lock when the holder dies, even by ``kill -9``.

Within one process the claim is counted, so the server's engine and its ingest jobs share
it. ``briefbot serve`` also writes ``<data_dir>/server.json`` (its URL and pid), so a CLI
pointed at the same data dir finds the server on whatever port it listens and goes through it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IndexBusy

LOCK_NAME = "owner.lock"
SERVER_NAME = "server.json"


@dataclass(frozen=True)
class Holder:
    """The process that owns a data dir, as it described itself."""

    pid: int
    purpose: str
    since: float

    def __str__(self) -> str:
        return f"process {self.pid} ({self.purpose})"


@dataclass
class _Claim:
    fd: int
    count: int


_CLAIMS: dict[Path, _Claim] = {}
_LOCK = threading.Lock()


def this_process() -> str:
    """How this process describes itself by default: its command and first arguments."""
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:3]]).strip() or "python"


def claim(data_dir: Path, purpose: str, *, wait: float = 0.0) -> None:
    """Own ``data_dir`` (again, if this process already does), or raise :class:`IndexBusy`.

    Args:
        data_dir: the index's data dir.
        purpose: what this process is, shown to a process that finds the dir taken
            (e.g. ``"briefbot serve at http://127.0.0.1:8000"``).
        wait: seconds to wait for another owner to finish before giving up.

    Raises:
        IndexBusy: another process owns the data dir.
    """
    key = data_dir.resolve()
    with _LOCK:
        held = _CLAIMS.get(key)
        if held is not None:
            held.count += 1
            return
        key.mkdir(parents=True, exist_ok=True)
        fd = os.open(key / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    found = _read_holder(fd)
                    os.close(fd)
                    raise IndexBusy(busy_message(key, found)) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        record = {"pid": os.getpid(), "purpose": purpose, "since": time.time()}
        os.pwrite(fd, json.dumps(record).encode(), 0)
        _CLAIMS[key] = _Claim(fd, 1)


@contextlib.contextmanager
def owning(data_dir: Path, purpose: str) -> Iterator[None]:
    """Own ``data_dir`` for the length of a ``with`` block (:func:`claim`, then
    :func:`release`).

    Raises:
        IndexBusy: another process owns the data dir.
    """
    claim(data_dir, purpose)
    try:
        yield
    finally:
        release(data_dir)


def release(data_dir: Path) -> None:
    """Give back one claim of this process; the last one unlocks the data dir."""
    key = data_dir.resolve()
    with _LOCK:
        held = _CLAIMS.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count == 0:
            del _CLAIMS[key]
            os.ftruncate(held.fd, 0)
            os.close(held.fd)  # closing the descriptor drops the flock


def holder(data_dir: Path) -> Holder | None:
    """The process that owns ``data_dir`` now, or None (this process's own claim included)."""
    key = data_dir.resolve()
    path = key / LOCK_NAME
    if key in _CLAIMS:
        return Holder(os.getpid(), "this process", 0.0)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd) or Holder(0, "unknown", 0.0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def busy_message(data_dir: Path, found: Holder | None) -> str:
    """What to tell a process that finds ``data_dir`` owned by another."""
    who = str(found) if found else "another process"
    return (
        f"the index in {data_dir} is in use by {who}; one process at a time may open it. "
        "Use the running server (the CLI does when it finds one), stop that process, or "
        "point BRIEFBOT_DATA_DIR elsewhere."
    )


def record_server(data_dir: Path, url: str) -> None:
    """Write ``server.json``: this process serves the data dir at ``url``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{SERVER_NAME}.{os.getpid()}"
    tmp.write_text(json.dumps({"url": url, "pid": os.getpid(), "since": time.time()}))
    tmp.replace(data_dir / SERVER_NAME)


def forget_server(data_dir: Path) -> None:
    """Remove ``server.json`` if this process wrote it."""
    path = data_dir / SERVER_NAME
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()


def server_url(data_dir: Path) -> str | None:
    """The URL of the live server recorded in ``data_dir``, or None."""
    try:
        record = json.loads((data_dir / SERVER_NAME).read_text())
        pid, url = int(record["pid"]), str(record["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if pid != os.getpid() and alive(pid) else None


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_holder(fd: int) -> Holder | None:
    try:
        raw = os.pread(fd, 4096, 0)
        record = json.loads(raw.decode() or "null")
        return Holder(int(record["pid"]), str(record["purpose"]), float(record["since"]))
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
