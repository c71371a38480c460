"""``build_brief`` latency against ``Engine.ask`` on the same index, in the same run.

Usage::

    python bench/brief.py [--data DIR] [--rounds 3]       # the starter corpus
    python bench/brief.py --chunks 10000 [--rounds 1]     # a synthetic 10k-chunk index

Ingests ``corpus/`` into a temporary index (or uses ``--data``, an index already built), or
with ``--chunks N`` fills a temporary index with N synthetic chunks made from the starter
corpus (``bench/query.py``'s ``fill``: real chunks' sentences shuffled, their vectors plus a
little noise). Then times, on the topics of ``tests/eval/brief_topics_dev.jsonl``,
``build_brief(topic)`` and ``Engine.ask(topic)``: "cold" with the engine's sentence-vector
cache emptied before every call (and the timeline's cache of dated sentences), "warm" with
them kept (later rounds). Prints p50/p95 of each and the ratio (the issue's targets: a brief
under a second of p50 on the starter corpus; at 10k chunks within 3x the ``ask`` p50).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package
sys.path.insert(1, str(ROOT / "bench"))

from bot.answer.encoder_cache import CachedEncoder  # noqa: E402
from bot.brief import build_brief  # noqa: E402
from bot.brief.timeline import dated_sentences  # noqa: E402
from bot.factory import build_engine  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.embedders import open_embedders  # noqa: E402
from ingest.pipeline import Indexer, embedding_text  # noqa: E402


def _times(calls: list[Callable[[], object]], before: Callable[[], None]) -> list[float]:
    out = []
    for call in calls:
        before()
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _line(name: str, ms: list[float]) -> str:
    p95 = sorted(ms)[max(0, round(0.95 * len(ms)) - 1)]
    return f"{name:14} p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ms)})"


def _synthetic(settings: Settings, size: int) -> None:
    """Fill ``settings``' index with ``size`` synthetic chunks (``bench/query.py``)."""
    from query import corpus_chunks, fill

    embedders = open_embedders(settings)
    base = corpus_chunks(settings)
    texts = [embedding_text(c) for c in base]
    vectors = {name: e.encode(texts, kind="passage") for name, e in embedders.items()}
    fill(settings, base, vectors, size)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="an index already built from corpus/")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chunks", type=int, help="a synthetic index of this many chunks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        settings = Settings(data_dir=data, models_dir=ROOT / "data" / "models", _env_file=None)  # type: ignore[call-arg]
        t0 = time.perf_counter()
        if args.chunks and not (args.data and any(args.data.iterdir())):
            _synthetic(settings, args.chunks)  # into --data when it is empty, to reuse it
        elif args.data is None:
            indexer = Indexer(settings)
            indexer.ingest([str(ROOT / "corpus")])
            indexer.close()
        print(f"index ready in {time.perf_counter() - t0:.0f} s")
        engine = build_engine(settings).warm()
        lines = (ROOT / "tests" / "eval" / "brief_topics_dev.jsonl").read_text(encoding="utf-8")
        topics = [json.loads(line)["topic"] for line in lines.splitlines() if line.strip()]
        cache = engine.sentence_embedder

        def clear() -> None:
            dated_sentences.cache_clear()
            if isinstance(cache, CachedEncoder):
                cache.clear()

        def brief_calls() -> list[Callable[[], object]]:
            return [lambda t=t: build_brief(engine, t) for t in topics]  # type: ignore[misc]

        def ask_calls() -> list[Callable[[], object]]:
            return [lambda t=t: engine.ask(t) for t in topics]  # type: ignore[misc]

        brief_cold: list[float] = []
        ask_cold: list[float] = []
        for _ in range(args.rounds):
            brief_cold += _times(brief_calls(), clear)
            ask_cold += _times(ask_calls(), clear)
        brief_warm: list[float] = []
        ask_warm: list[float] = []
        _times([*brief_calls(), *ask_calls()], lambda: None)  # fill the caches, untimed
        for _ in range(args.rounds):
            brief_warm += _times(brief_calls(), lambda: None)
            ask_warm += _times(ask_calls(), lambda: None)
        print(f"{engine.count()} chunks, {len(topics)} topics, {args.rounds} rounds")
        for name, ms in (
            ("brief cold", brief_cold),
            ("ask cold", ask_cold),
            ("brief warm", brief_warm),
            ("ask warm", ask_warm),
        ):
            print(_line(name, ms))
        cold = statistics.median(brief_cold) / statistics.median(ask_cold)
        warm = statistics.median(brief_warm) / statistics.median(ask_warm)
        print(f"brief/ask p50: cold {cold:.2f}x, warm {warm:.2f}x")


if __name__ == "__main__":
    main()
