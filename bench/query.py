"""``ask`` latency at 1k, 10k and 100k chunks against query embedding + Chroma query alone.

Usage::

    python bench/query.py [--sizes 1000,10000,100000] [--queries 40]

For each size, an index is filled with synthetic chunks made from the starter corpus: each
synthetic chunk reuses a real chunk's sentences in a shuffled order and that chunk's vectors
plus a little noise (so vectors and texts are realistic without embedding 100k passages).
Then, in the same run and on the same questions, it times

- the baseline: embedding the question with every configured embedder and one Chroma query
  per embedder (top 40, with texts and metadata), and
- ``Engine.ask``: language detection, all retrievers, fusion, diversification, the extractive
  composer and citation checks; "cold" with the engine's sentence-vector cache emptied
  before every question, "warm" with it kept (the questions repeat, as a busy service's
  passages do),

and prints p50/p95 for each and the ratios (target: ask p50 <= 2x baseline at 10k).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

from bot.factory import build_engine  # noqa: E402
from ingest.chunk import chunk_document  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.embedders import open_embedders  # noqa: E402
from ingest.lexical import LexicalIndex  # noqa: E402
from ingest.loaders import load_file  # noqa: E402
from ingest.manifest import Manifest  # noqa: E402
from ingest.pipeline import embedding_text, manifest_path  # noqa: E402
from ingest.store import Store  # noqa: E402
from ingest.types import Chunk  # noqa: E402

QUESTIONS = [
    "¿Qué implicaría que EE. UU. designe al Perú aliado principal extra-OTAN?",
    "What did Peru and Ecuador agree in Brasilia in 1998?",
    "¿Cómo funciona el préstamo gota a gota?",
    "What happened in Pataz in May 2025?",
    "¿Qué grupos declaró Ecuador como terroristas en 2024?",
    "How does cocaine leave Ecuador through its ports?",
    "¿Qué es el CEBAF de Aguas Verdes?",
    "What did USAID do in Peru before 2025?",
]


def corpus_chunks(settings: Settings) -> list[Chunk]:
    """The starter corpus, chunked as ingest does."""
    chunks: list[Chunk] = []
    for path in sorted((ROOT / "corpus").glob("*.md")):
        if path.name == "README.md":
            continue
        doc = load_file(path, path.name, max_bytes=10_000_000)
        chunks += chunk_document(
            doc, size=settings.index.chunk_size, overlap=settings.index.chunk_overlap
        )
    return chunks


def fill(
    settings: Settings, base: list[Chunk], base_vectors: dict[str, np.ndarray], size: int
) -> None:
    """Write ``size`` synthetic chunks (and their lexical index) into a fresh index."""
    rng = np.random.default_rng(size)
    store = Store(settings, open_embedders(settings))
    lexical = LexicalIndex(settings.index.data_dir / f"{settings.index.collection}.lexical")
    pairs: list[tuple[str, str]] = []
    languages: dict[str, str] = {}
    batch: list[Chunk] = []
    picks: list[int] = []
    for i in range(size):
        j = int(rng.integers(len(base)))
        src = base[j]
        sentences = src.text.split(". ")
        random.Random(i).shuffle(sentences)
        text = ". ".join(sentences)
        doc_id = f"syn/{i // 6}.md"
        batch.append(Chunk(f"{doc_id}#{i % 6}", doc_id, i % 6, text, 0, len(text), None, src.meta))
        picks.append(j)
        pairs.append((batch[-1].chunk_id, text))
        languages[batch[-1].chunk_id] = str(src.meta.get("language") or "")
        if len(batch) == 2000 or i == size - 1:
            vectors = {}
            for name, mat in base_vectors.items():
                noisy = mat[picks] + rng.normal(0, 0.02, (len(picks), mat.shape[1])).astype(
                    np.float32
                )
                vectors[name] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
            store.upsert(batch, vectors)
            batch, picks = [], []
    manifest = Manifest(manifest_path(settings))
    lexical.build(pairs, manifest.generation(), languages)
    manifest.close()


def percentiles(values: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    arr = np.array(values) * 1000
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 95))


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    base_settings = Settings(_env_file=None)  # type: ignore[call-arg]
    embedders = open_embedders(base_settings)
    base = corpus_chunks(base_settings)
    texts = [embedding_text(c) for c in base]
    base_vectors = {n: e.encode(texts, kind="passage") for n, e in embedders.items()}
    questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.queries)]
    print(f"embedders: {', '.join(e.id for e in embedders.values())}; {len(questions)} questions\n")
    print(
        "| chunks | baseline p50 / p95 (ms) | ask cold p50 / p95 (ms) | ask warm p50 / p95 (ms) "
        "| cold / baseline | warm / baseline |"
    )
    print("|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            settings = base_settings.with_fields(data_dir=Path(tmp))
            t0 = time.perf_counter()
            fill(settings, base, base_vectors, size)
            fill_s = time.perf_counter() - t0
            engine = build_engine(settings)
            store = engine.retriever.store
            engine.ask(questions[0])
            baseline, cold, warm = [], [], []
            for q in questions:
                t = time.perf_counter()
                for name, emb in embedders.items():
                    store.query(name, emb.encode([q], kind="query")[0], 40)
                baseline.append(time.perf_counter() - t)
                engine.sentence_embedder.clear()
                t = time.perf_counter()
                engine.ask(q)
                cold.append(time.perf_counter() - t)
            for q in questions:
                t = time.perf_counter()
                engine.ask(q)
                warm.append(time.perf_counter() - t)
            b50, b95 = percentiles(baseline)
            c50, c95 = percentiles(cold)
            w50, w95 = percentiles(warm)
            print(
                f"| {size:,} | {b50:.1f} / {b95:.1f} | {c50:.1f} / {c95:.1f} | "
                f"{w50:.1f} / {w95:.1f} | {c50 / b50:.2f} | {w50 / b50:.2f} |"
                f"  <!-- filled in {fill_s:.0f} s -->"
            )


if __name__ == "__main__":
    main()
