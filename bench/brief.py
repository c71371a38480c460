"""``build_brief`` latency on the starter corpus against ``Engine.ask``, in the same run.

Usage::

    python bench/brief.py [--data DIR] [--rounds 3]

Ingests ``corpus/`` into a temporary index (or uses ``--data``, an index already built),
then times, on the topics of ``tests/eval/brief_topics_dev.jsonl``, ``build_brief(topic)`` and
``Engine.ask(topic)``: "cold" with the engine's sentence-vector cache emptied before every
call (and the timeline's cache of dated sentences), "warm" with them kept (later rounds). Prints p50/p95 of each and the ratio (the issue's
target: a brief under a second of p50 on the starter corpus).
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

from bot.answer.encoder_cache import CachedEncoder  # noqa: E402
from bot.brief import build_brief  # noqa: E402
from bot.brief.timeline import dated_sentences  # noqa: E402
from bot.factory import build_engine  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.pipeline import Indexer  # noqa: E402


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


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="an index already built from corpus/")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        settings = Settings(data_dir=data, models_dir=ROOT / "data" / "models", _env_file=None)  # type: ignore[call-arg]
        if args.data is None:
            indexer = Indexer(settings)
            indexer.ingest([str(ROOT / "corpus")])
            indexer.close()
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

        brief_cold = _times(brief_calls(), clear)
        ask_cold = _times(ask_calls(), clear)
        brief_warm: list[float] = []
        ask_warm: list[float] = []
        for _ in range(args.rounds):
            brief_warm += _times(brief_calls(), lambda: None)
            ask_warm += _times(ask_calls(), lambda: None)
        print(f"{engine.count()} chunks, {len(topics)} topics, {args.rounds} warm rounds")
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
