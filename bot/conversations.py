"""Conversation history in SQLite under the data dir, so follow-ups can be understood."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    question TEXT NOT NULL,
    standalone TEXT NOT NULL,
    answer TEXT NOT NULL,
    cited_docs TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (conversation_id, idx)
);
"""


@dataclass(frozen=True)
class Turn:
    """One question and its answer in a conversation."""

    question: str
    standalone: str
    answer: str
    cited_docs: tuple[str, ...]


class ConversationStore:
    """Turns of every conversation, safe to share between threads of one process."""

    def __init__(self, path: Path) -> None:
        """Open (creating if needed) the database at ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        """A fresh conversation id."""
        return uuid.uuid4().hex

    def history(self, conversation_id: str, limit: int = 6) -> list[Turn]:
        """The last ``limit`` turns, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT question, standalone, answer, cited_docs FROM turns "
                "WHERE conversation_id=? ORDER BY idx DESC LIMIT ?",
                (conversation_id, limit),
            ).fetchall()
        return [Turn(q, s, a, tuple(filter(None, d.split("\n")))) for q, s, a, d in reversed(rows)]

    def append(self, conversation_id: str, turn: Turn) -> None:
        """Add a turn at the end of a conversation."""
        with self._lock, self._db:
            row = self._db.execute(
                "SELECT COALESCE(MAX(idx), -1) + 1 FROM turns WHERE conversation_id=?",
                (conversation_id,),
            ).fetchone()
            self._db.execute(
                "INSERT INTO turns VALUES (?,?,?,?,?,?,?)",
                (
                    conversation_id,
                    row[0],
                    turn.question,
                    turn.standalone,
                    turn.answer,
                    "\n".join(turn.cited_docs),
                    time.time(),
                ),
            )

    def delete(self, conversation_id: str) -> bool:
        """Forget a conversation; False if it did not exist."""
        with self._lock, self._db:
            cur = self._db.execute("DELETE FROM turns WHERE conversation_id=?", (conversation_id,))
        return cur.rowcount > 0
