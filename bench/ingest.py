"""Ingest throughput: end-to-end `Indexer.ingest` against the bare embedders, in one run.

Usage::

    python bench/ingest.py [--docs N] [--repeat R]

The documents are the starter corpus (``corpus/*.md``), copied until there are ``N`` of
them; every copy gets its own title and a marker in each paragraph, so that no two chunks
are identical (the pipeline embeds identical passages once, which would flatter it). Then,
with the settings from the environment (``BRIEFBOT_*``) and a fresh temporary data dir:

(a) bare: the chunk texts the pipeline embeds (``embedding_text`` of ``chunk_document``
    output) are encoded by every configured embedder, in one call each, nothing else;
(b) end to end: ``Indexer.ingest`` of the same files into an empty index (load, chunk,
    embed, Chroma upsert, manifest, lexical index).

Models are loaded and one small ingest is run (untimed) first, so that neither side pays a
one-off import or model load. Then (a) and (b) are measured R times, in alternating order,
each by wall clock and by the CPU time of this process (all its threads). It prints chunks
per second for both and their ratio (target: at least 0.85) from the best run of each, and
the median of the R per-pair ratios. On Linux each run also records the share of the
machine's CPU time used by *other* processes meanwhile (from ``/proc/stat``): on a shared
machine, pairs where it is high are not comparable and should be read with care.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: this file would shadow the ingest package

from ingest.chunk import chunk_document  # noqa: E402
from ingest.config import Settings, get_settings  # noqa: E402
from ingest.embedders import open_embedders  # noqa: E402
from ingest.loaders import load_file  # noqa: E402
from ingest.pipeline import IGNORED_NAMES, Indexer, embedding_text  # noqa: E402

TARGET = 0.85
T = TypeVar("T")


@dataclass(frozen=True)
class Run:
    """One timed measurement."""

    wall: float
    cpu: float
    others: float | None
    """Share of the machine's CPU time used by other processes meanwhile (None: unknown)."""


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
    max_bytes = int(settings.index.max_file_mb * 1_000_000)
    texts: list[str] = []
    for path in paths:
        doc = load_file(path, path.name, max_bytes=max_bytes)
        chunks = chunk_document(
            doc, size=settings.index.chunk_size, overlap=settings.index.chunk_overlap
        )
        texts.extend(embedding_text(c) for c in chunks)
    return texts


def machine_busy() -> tuple[float, int] | None:
    """(CPU seconds the whole machine has been busy, number of CPUs), or None off Linux."""
    try:
        lines = Path("/proc/stat").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    fields = [int(v) for v in lines[0].split()[1:9]]
    cpus = sum(1 for line in lines if re.match(r"cpu\d", line))
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK"), cpus


def timed(work: Callable[[], T]) -> tuple[Run, T]:
    """Run ``work``; its measurement and result."""
    before = machine_busy()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = machine_busy()
    others = None
    if before and after and wall > 0:
        others = max(0.0, (after[0] - before[0] - cpu) / (wall * after[1]))
    return Run(wall, cpu, others), result


def bare(texts: list[str], settings: Settings) -> None:
    """Encode ``texts`` with every configured embedder."""
    for embedder in open_embedders(settings).values():
        embedder.encode(texts, kind="passage")


def end_to_end(sources: list[str], settings: Settings) -> int:
    """One ``Indexer.ingest`` of ``sources`` into an empty index; the chunks it holds."""
    indexer = Indexer(settings)
    try:
        report = indexer.ingest(sources)
    finally:
        indexer.close()
    if report.skipped:
        raise SystemExit(f"benchmark documents were skipped: {report.skipped}")
    return report.chunks


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=45, help="Documents to ingest (default 45).")
    parser.add_argument("--repeat", type=int, default=5, help="Measurements of each (default 5).")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-"))
    try:
        base = get_settings()
        paths = build_documents(work / "docs", args.docs)
        texts = chunk_texts(paths, base)
        if len(set(texts)) != len(texts):
            raise SystemExit("benchmark chunks are not unique; the comparison would be unfair")
        bare(["warm-up"], base)  # models load outside the timings
        end_to_end([str(p) for p in paths[:2]], base.with_fields(data_dir=work / "w"))

        runs: dict[str, list[Run]] = {"bare": [], "e2e": []}
        chunks: set[int] = set()
        for i in range(args.repeat):
            settings = base.with_fields(data_dir=work / f"data{i}")
            for name in ("bare", "e2e") if i % 2 == 0 else ("e2e", "bare"):
                if name == "bare":
                    run, _ = timed(partial(bare, texts, base))
                else:
                    run, stored = timed(partial(end_to_end, [str(work / "docs")], settings))
                    chunks.add(stored)
                runs[name].append(run)
        if chunks != {len(texts)}:
            raise SystemExit(f"pipeline stored {chunks} chunks, bare run embedded {len(texts)}")
        report(runs, len(texts), len(paths), base, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(runs: dict[str, list[Run]], n: int, docs: int, base: Settings, repeat: int) -> None:
    """Print the figures: settings, best-of rates and ratios, paired ratios, every run."""
    print(f"embedders: {', '.join(base.index.embedders)}; threads {base.index.threads}")
    print(
        f"documents: {docs}; chunks: {n} "
        f"(chunk_size {base.index.chunk_size}, overlap {base.index.chunk_overlap}); repeat {repeat}"
    )
    for label in ("wall", "cpu"):
        best_bare = min(getattr(r, label) for r in runs["bare"])
        best_e2e = min(getattr(r, label) for r in runs["e2e"])
        pairs = [
            getattr(b, label) / getattr(e, label)
            for b, e in zip(runs["bare"], runs["e2e"], strict=True)
        ]
        print(
            f"{label:>4}: bare embedders {n / best_bare:6.1f} chunks/s ({best_bare:.2f} s), "
            f"Indexer.ingest {n / best_e2e:6.1f} chunks/s ({best_e2e:.2f} s), "
            f"ratio {best_bare / best_e2e:.2f}, median of pairs {statistics.median(pairs):.2f} "
            f"(target >= {TARGET})"
        )
    print("runs (bare | e2e): wall s, CPU s, others' share of the machine")
    for i, (b, e) in enumerate(zip(runs["bare"], runs["e2e"], strict=True)):
        print(
            f"  {i + 1}: {_fmt(b)} | {_fmt(e)}  ratio wall {b.wall / e.wall:.2f} cpu {b.cpu / e.cpu:.2f}"
        )


def _fmt(run: Run) -> str:
    others = "?" if run.others is None else f"{run.others:.0%}"
    return f"{run.wall:6.2f} {run.cpu:6.2f} {others:>4}"


if __name__ == "__main__":
    main()
