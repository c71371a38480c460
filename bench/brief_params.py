"""Sweep the brief's hand-set constants on the **dev** split, one at a time.

Usage::

    python bench/brief_params.py [--data DIR] [--only POINT_MARGIN ...]

Ingests ``corpus/`` into a temporary index (or uses ``--data``, an index already built),
then, for each constant and each value of its grid (the others at their current value),
measures on the dev split only (``tests/eval/timeline_dev.jsonl``,
``tests/eval/brief_topics_dev.jsonl``; the test split is never read here):

- the timeline extracted from the golden documents: precision, recall, F1;
- the dev topics' briefs: document recall (expected documents cited) and precision (cited
  documents expected); the same for the key points alone (their first citations) and for
  the timeline's events; the mean number of points and events.

Each constant is judged by the figures of the part it governs, lexicographically: first the
recall of expected documents (a complete brief), then the precision (a brief about the
topic rather than the tail of the retrieval), so the value kept is the strictest that loses
no expected document; ties go to the value closest to the current one. ``*`` marks the
current value, ``<`` the best. With ``--apply`` the constants are swept in the order listed,
each at its best before the next is swept (one greedy pass), and the figures of the final
values are printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/ingest.py would shadow the ingest package

from bot.brief import brief, points, timeline  # noqa: E402
from bot.brief.evaluate import load_jsonl, run_timeline, run_topics, split_files  # noqa: E402
from bot.factory import build_engine  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.pipeline import Indexer  # noqa: E402


@dataclass(frozen=True)
class Param:
    """A module constant, the values to try and what it is judged by."""

    module: ModuleType
    name: str
    grid: tuple[float, ...]
    objective: tuple[str, ...]  # figures compared in order, higher is better


DOCS = ("doc_r", "doc_p")
POINTS = ("point_r", "point_p")
EVENTS = ("event_r", "event_p")
PARAMS = (
    Param(brief, "BRIEF_PASSAGES", (8, 10, 11, 12, 13, 14, 15, 20, 25, 30), DOCS),
    Param(brief, "BRIEF_PER_DOCUMENT", (1, 2, 3, 4), DOCS),
    Param(points, "POINT_SENTENCES", (1, 2, 3, 4, 5, 6, 99), POINTS),
    Param(points, "POINT_MARGIN", (0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.75, 1.0), POINTS),
    Param(points, "SAME_STATEMENT", (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9), POINTS),
    Param(points, "NEAR_DUPLICATE", (0.4, 0.5, 0.6, 0.7, 0.8), POINTS),
    Param(brief, "EVENT_PASSAGE_SCORE", (-9.0, 0.0, 0.5, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5), EVENTS),
    Param(brief, "MAX_EVENTS", (10, 15, 20, 25, 30, 40), EVENTS),
    Param(timeline, "NEAR_DUPLICATE", (0.4, 0.5, 0.6, 0.7, 0.8), EVENTS),
    Param(timeline, "MIN_EVENT_CHARS", (0, 10, 20, 30, 40, 60), ("timeline_f1",)),
)


def _f1(p: float, r: float) -> float:
    """The harmonic mean of a precision and a recall."""
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def measure(engine: object, events: list[dict], topics: list[dict]) -> dict[str, float]:  # type: ignore[type-arg]
    """The dev figures at the constants' current values."""
    timeline.dated_sentences.cache_clear()
    tl = run_timeline(engine, events)  # type: ignore[arg-type]
    tp = run_topics(engine, topics)  # type: ignore[arg-type]
    return {
        "timeline_p": tl["precision"],
        "timeline_r": tl["recall"],
        "timeline_f1": _f1(tl["precision"], tl["recall"]),
        "doc_r": tp["document_recall"],
        "doc_p": tp["document_precision"],
        "point_r": tp["point_recall"],
        "point_p": tp["point_precision"],
        "event_r": tp["event_recall"],
        "event_p": tp["event_precision"],
        "points": tp["points"],
        "events": tp["events"],
    }


def _row(value: object, mark: str, m: dict[str, float]) -> str:
    return (
        f"| {value}{mark} | {m['timeline_p']:.3f} / {m['timeline_r']:.3f} | "
        f"{m['doc_r']:.3f} / {m['doc_p']:.3f} | {m['point_r']:.3f} / {m['point_p']:.3f} | "
        f"{m['event_r']:.3f} / {m['event_p']:.3f} | {m['points']:.1f} | {m['events']:.1f} |"
    )


HEADER = (
    "| value | timeline P / R | docs R / P | points R / P | events R / P | points | events |\n"
    "|---|---|---|---|---|---|---|"
)


def sweep(engine: object, param: Param, events: list[dict], topics: list[dict]) -> float:  # type: ignore[type-arg]
    """Print one row per value of the parameter; return the best value."""
    current = getattr(param.module, param.name)
    label = f"{param.module.__name__.rsplit('.', 1)[-1]}.{param.name}"
    print(f"\n{label} (now {current}; judged by {', '.join(param.objective)})")
    print(HEADER)
    rows = []
    try:
        for value in param.grid:
            setattr(param.module, param.name, type(current)(value))
            rows.append((value, measure(engine, events, topics)))
    finally:
        setattr(param.module, param.name, current)

    def rank(row: tuple[float, dict[str, float]]) -> tuple[float, ...]:
        return (*(row[1][key] for key in param.objective), -abs(row[0] - current))

    best = max(rows, key=rank)[0]
    for value, m in rows:
        print(_row(value, ("*" if value == current else "") + ("<" if value == best else ""), m))
    print(f"best {label} = {best}")
    return best


def main() -> None:
    """Ingest (unless ``--data``), then sweep every constant (or those of ``--only``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="an index already built from corpus/")
    parser.add_argument("--only", nargs="*", default=(), help="constant names to sweep")
    parser.add_argument("--apply", action="store_true", help="keep each best (greedy pass)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        settings = Settings(data_dir=data, models_dir=ROOT / "data" / "models", _env_file=None)  # type: ignore[call-arg]
        if args.data is None:
            indexer = Indexer(settings)
            indexer.ingest([str(ROOT / "corpus")])
            indexer.close()
        engine = build_engine(settings).warm()
        timeline_path, topics_path = split_files(ROOT / "tests" / "eval", "dev")
        events, topics = load_jsonl(timeline_path), load_jsonl(topics_path)
        print(f"dev split: {len(events)} golden events, {len(topics)} topics")
        chosen = []
        for param in PARAMS:
            if not args.only or param.name in args.only:
                best = sweep(engine, param, events, topics)
                if args.apply:
                    setattr(param.module, param.name, type(getattr(param.module, param.name))(best))
                    chosen.append(f"{param.module.__name__}.{param.name} = {best}")
        if args.apply:
            print("\nall at their best:", "; ".join(chosen))
            print(HEADER)
            print(_row("", "", measure(engine, events, topics)))


if __name__ == "__main__":
    main()
