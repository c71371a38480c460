"""Ingest throughput: end-to-end `Indexer.ingest` against the bare embedders, in one run.

Usage::

    python bench/ingest_throughput.py [--docs N] [--repeat R]

(Not ``bench/ingest.py``: a module of that name would shadow the ``ingest`` package for
every bench script that puts ``bench/`` first on ``sys.path``.)

The documents are the starter corpus (``corpus/*.md``), copied until there are ``N`` of
them; every copy gets its own title and a marker in each paragraph, so that no two chunks
are identical (the pipeline embeds identical passages once, which would flatter it). Then,
with the settings from the environment (``BRIEFBOT_*``) and a fresh temporary data dir:

(a) bare: the chunk texts the pipeline embeds (``embedding_text`` of ``chunk_document``
    output) are encoded by every configured embedder, nothing else;
(b) end to end: ``Indexer.ingest`` of the same files (load, chunk, embed, Chroma upsert,
    manifest, lexical index).

It prints chunks per second for both and their ratio (target: at least 0.85), by wall
clock and by the CPU time of this process (the steadier figure on a shared machine, though
it leaves out the time the pipeline waits on disk). With ``--repeat`` both are measured R
times, alternating, and the best of each is kept.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.chunk import chunk_document  # noqa: E402
from ingest.config import Settings, get_settings  # noqa: E402
from ingest.loaders import load_file  # noqa: E402
from ingest.pipeline import IGNORED_NAMES, Indexer, embedding_text, open_embedders  # noqa: E402

TARGET = 0.85


def build_documents(folder: Path, n_docs: int) -> list[Path]:
    """Write ``n_docs`` Markdown documents made from the starter corpus into ``folder``."""
    sources = sorted(p for p in (ROOT / "corpus").glob("*.md") if p.name not in IGNORED_NAMES)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for i in range(n_docs):
        src = sources[i % len(sources)]
        copy = i // len(sources)
        text = src.read_text(encoding="utf-8")
        if copy:
            text = re.sub(
                r'^title: "?(.*?)"?$', rf'title: "\1 (variant {copy})"', text, count=1, flags=re.M
            )
            text = re.sub(r"([.!?])\n\n", rf"\1 [v{copy}]\n\n", text)
        path = folder / f"{copy:02d}-{src.name}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def chunk_texts(paths: list[Path], settings: Settings) -> list[str]:
    """Exactly the texts ``Indexer`` embeds for these files."""
    max_bytes = int(settings.max_file_mb * 1_000_000)
    texts: list[str] = []
    for path in paths:
        doc = load_file(path, path.name, max_bytes=max_bytes)
        chunks = chunk_document(doc, size=settings.chunk_size, overlap=settings.chunk_overlap)
        texts.extend(embedding_text(c) for c in chunks)
    return texts


def bare_seconds(texts: list[str], settings: Settings) -> tuple[float, float]:
    """(wall, CPU) seconds for every configured embedder to encode ``texts``."""
    embedders = open_embedders(settings)
    wall, cpu = time.perf_counter(), time.process_time()
    for embedder in embedders.values():
        embedder.encode(texts, kind="passage")
    return time.perf_counter() - wall, time.process_time() - cpu


def end_to_end(folder: Path, settings: Settings) -> tuple[int, float, float]:
    """(chunks, wall, CPU seconds) of one ``Indexer.ingest`` of ``folder`` into an empty index."""
    indexer = Indexer(settings)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        report = indexer.ingest([str(folder)])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        indexer.close()
    if report.skipped:
        raise SystemExit(f"benchmark documents were skipped: {report.skipped}")
    return report.chunks, wall, cpu


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=45, help="Documents to ingest (default 45).")
    parser.add_argument("--repeat", type=int, default=3, help="Measurements of each (best kept).")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-"))
    try:
        base = get_settings()
        paths = build_documents(work / "docs", args.docs)
        texts = chunk_texts(paths, base)
        if len(set(texts)) != len(texts):
            raise SystemExit("benchmark chunks are not unique; the comparison would be unfair")
        for embedder in open_embedders(base).values():  # load models outside the timings
            embedder.encode(["warm-up"], kind="passage")

        bare: list[tuple[float, float]] = []
        e2e: list[tuple[float, float]] = []
        chunks = 0
        for i in range(args.repeat):
            bare.append(bare_seconds(texts, base))
            settings = base.model_copy(update={"data_dir": work / f"data{i}"})
            chunks, wall, cpu = end_to_end(work / "docs", settings)
            e2e.append((wall, cpu))
        if chunks != len(texts):
            raise SystemExit(f"pipeline stored {chunks} chunks, bare run embedded {len(texts)}")

        print(f"embedders: {', '.join(base.embedders)}; threads {base.threads}")
        print(
            f"documents: {len(paths)}; chunks: {len(texts)} "
            f"(chunk_size {base.chunk_size}, overlap {base.chunk_overlap}); repeat {args.repeat}"
        )
        for label, col in (("wall", 0), ("CPU", 1)):
            best_bare = min(run[col] for run in bare)
            best_e2e = min(run[col] for run in e2e)
            bare_rate, e2e_rate = len(texts) / best_bare, chunks / best_e2e
            print(
                f"{label:>4}: bare embedders {bare_rate:6.1f} chunks/s ({best_bare:.2f} s), "
                f"Indexer.ingest {e2e_rate:6.1f} chunks/s ({best_e2e:.2f} s), "
                f"ratio {e2e_rate / bare_rate:.2f} (target >= {TARGET})"
            )
        print(f"all runs, wall s: bare {_col(bare, 0)}, e2e {_col(e2e, 0)}")
        print(f"all runs, CPU s:  bare {_col(bare, 1)}, e2e {_col(e2e, 1)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _col(runs: list[tuple[float, float]], col: int) -> list[float]:
    return [round(run[col], 2) for run in runs]


if __name__ == "__main__":
    main()
