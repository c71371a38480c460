"""Crash safety: `briefbot ingest` killed with SIGKILL mid-run, then run again, gives exactly
the index a clean run gives (same chunk ids in Chroma and the manifest, same texts, no
duplicates, no orphans)."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ingest.config import Settings
from ingest.pipeline import Indexer
from tests.conftest import MODELS_DIR, ROOT, make_settings

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

N_DOCS = 40

_SENTENCES = [
    "Las bandas de extorsión cobran cupos semanales a los mototaxistas de {place}.",
    "La policía de {place} registró más denuncias que el año anterior.",
    "Los gremios de transporte de {place} convocaron un paro regional.",
    "Illegal gold from {place} is laundered through small trading companies.",
    "Customs officers in {place} inspected containers bound for Europe.",
    "El contrabando de combustible cruza la frontera cerca de {place}.",
    "Prosecutors in {place} opened cases against a loan-sharking network.",
    "Los prestamistas gota a gota amenazan a los comerciantes de {place}.",
]
_PLACES = ["Piura", "Sullana", "Paita", "Talara", "Tumbes", "Zarumilla", "Máncora", "Chulucanas"]


def write_corpus(folder: Path) -> None:
    """``N_DOCS`` distinct documents of four or five chunks each."""
    rng = random.Random(42)
    folder.mkdir()
    for i in range(N_DOCS):
        paragraphs = []
        for _ in range(rng.randint(5, 7)):
            place = rng.choice(_PLACES)
            picked = rng.sample(_SENTENCES, 5)
            paragraphs.append(" ".join(s.format(place=place) for s in picked) + f" (nota {i})")
        body = "\n\n".join(paragraphs)
        (folder / f"doc-{i:02d}.md").write_text(f"# Nota {i}\n\n{body}\n", encoding="utf-8")


def _progress(data: Path) -> tuple[int, bool]:
    """(documents in the manifest, dirty flag) as another process sees them right now."""
    path = data / "briefbot.manifest.sqlite"
    if not path.exists():
        return 0, False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            docs = con.execute("SELECT count(*) FROM docs").fetchone()[0]
            row = con.execute("SELECT value FROM state WHERE key='dirty'").fetchone()
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0, False
    return int(docs), bool(row and row[0] == "1")


def _start(folder: Path, data: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BRIEFBOT_DATA_DIR": str(data),
        "BRIEFBOT_MODELS_DIR": str(MODELS_DIR),
        "HF_HUB_OFFLINE": "1",
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "ingest", "--json", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _kill_when(
    proc: subprocess.Popen[bytes], data: Path, ready: Callable[[int, bool], bool]
) -> tuple[int, bool] | None:
    """SIGKILL the run as soon as ``ready(docs, dirty)`` holds and return the progress then;
    None if the run finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        docs, dirty = _progress(data)
        if ready(docs, dirty):
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return docs, dirty
        if proc.poll() is not None:
            assert proc.returncode == 0
            return None
        time.sleep(0.005)
    proc.kill()
    pytest.fail("the run made no progress in 120 s")


def _snapshot(settings: Settings) -> dict[str, Any]:
    """Everything that must be identical between a resumed index and a clean one."""
    indexer = Indexer(settings)
    try:
        manifest_ids = indexer.manifest.chunk_ids()
        per_embedder = indexer.store.all_ids()
        for name, col in indexer.store.collections.items():
            assert col.count() == len(per_embedder[name]), f"duplicates in {name}"
        ids = sorted(manifest_ids)
        stored = {h.chunk_id: (h.text, h.meta) for h in indexer.store.get(ids)}
        docs = {d.doc_id: d.content_hash for d in indexer.manifest.documents()}
        texts = dict(indexer.manifest.iter_chunks())
        dirty = indexer.manifest.is_dirty()
    finally:
        indexer.close()
    lexical = settings.index.data_dir / f"{settings.index.collection}.lexical" / "ids.json"
    return {
        "manifest_ids": manifest_ids,
        "per_embedder": per_embedder,
        "stored": stored,
        "manifest_texts": texts,
        "docs": docs,
        "lexical_ids": sorted(json.loads(lexical.read_text(encoding="utf-8"))),
        "dirty": dirty,
    }


_ORPHANS = """
import json
from ingest.config import get_settings
from ingest.embedders import open_embedders
from ingest.manifest import Manifest
from ingest.pipeline import manifest_path
from ingest.store import Store

settings = get_settings()
ids = set().union(*Store(settings, open_embedders(settings)).all_ids().values())
known = set(Manifest(manifest_path(settings)).chunk_ids())
print(json.dumps(sorted({cid.rsplit("#", 1)[0] for cid in ids - known})))
"""


def _orphan_docs(data: Path) -> list[str]:
    """Doc ids with chunks in Chroma that the manifest does not know (read by a new process)."""
    out = subprocess.run(
        [sys.executable, "-c", _ORPHANS],
        cwd=ROOT,
        env={**os.environ, "BRIEFBOT_DATA_DIR": str(data), "BRIEFBOT_MODELS_DIR": str(MODELS_DIR)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_killed_runs_then_a_full_run_equal_a_clean_run(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus(folder)
    data = tmp_path / "killed"
    seen: list[tuple[str, int, bool]] = []

    def run_and_kill(label: str, ready: Callable[[int, bool], bool]) -> None:
        proc = _start(folder, data, tmp_path / f"run{len(seen)}.log")
        progress = _kill_when(proc, data, ready)
        if progress is not None:
            assert proc.returncode == -signal.SIGKILL
            seen.append((label, *progress))

    run_and_kill("run started, nothing recorded", lambda docs, dirty: dirty and docs == 0)
    # Kill while a batch is being recorded: its other documents reached Chroma but not the
    # manifest. (A kill that lands between two batches leaves none; then try again.)
    orphaned: list[str] = []
    for _ in range(4):
        recorded = _progress(data)[0]
        run_and_kill("a batch partly recorded", lambda docs, _, floor=recorded: docs > floor)
        orphaned = _orphan_docs(data)
        if orphaned or _progress(data)[0] >= N_DOCS:
            break
    assert orphaned, "no kill landed between the Chroma write and the manifest write"
    # The user now deletes those documents and edits a recorded one: the orphaned chunks
    # must not survive the next runs.
    for doc_id in orphaned:
        (folder / doc_id).unlink()
    (folder / "doc-00.md").write_text("# Nota 0\n\nAhora es una nota breve.\n", encoding="utf-8")
    remaining = len(list(folder.iterdir()))
    run_and_kill("half the documents recorded", lambda docs, dirty: docs >= remaining // 2)
    run_and_kill("every document recorded", lambda docs, dirty: docs >= remaining)
    print("killed at:", seen, "orphaned:", orphaned)
    assert all(dirty for _, _, dirty in seen), seen
    assert sum(0 < docs < remaining for _, docs, _ in seen) >= 2, seen

    final = _start(folder, data, tmp_path / "final.log")
    assert final.wait(timeout=300) == 0, (tmp_path / "final.log").read_text()
    report = json.loads((tmp_path / "final.log").read_text().strip().splitlines()[-1])
    assert report["skipped"] == []
    assert report["added"] + report["updated"] + report["unchanged"] == remaining

    clean = make_settings(tmp_path / "clean")
    indexer = Indexer(clean)
    try:
        indexer.ingest([str(folder)])
    finally:
        indexer.close()

    resumed, expected = _snapshot(make_settings(data)), _snapshot(clean)
    assert not resumed["dirty"] and not expected["dirty"]
    assert len(expected["docs"]) == remaining
    assert resumed["docs"] == expected["docs"]
    assert resumed["manifest_ids"] == expected["manifest_ids"]
    for name, ids in resumed["per_embedder"].items():
        assert ids == set(resumed["manifest_ids"]), f"orphans or holes in {name}"
        assert ids == expected["per_embedder"][name]
    assert resumed["stored"] == expected["stored"]
    assert resumed["manifest_texts"] == expected["manifest_texts"]
    assert resumed["lexical_ids"] == expected["lexical_ids"] == sorted(expected["manifest_ids"])
