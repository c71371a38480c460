"""``briefbot eval``: score the engine on a golden question set, and briefs on both splits of
the golden timeline and brief topics."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click

from bot.cli.options import fail
from ingest.config import get_settings
from ingest.errors import IngestError
from ingest.owner import owning, this_process


@click.command("eval")
@click.option(
    "--set",
    "golden",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("tests/eval/dev.jsonl"),
    show_default=True,
    help="Eval set (JSONL): tests/eval/dev.jsonl (tunable) or tests/eval/test.jsonl (frozen).",
)
@click.option("-k", "k", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option(
    "--answers/--no-answers", default=True, show_default=True, help="Score the question set."
)
@click.option(
    "--briefs/--no-briefs",
    default=True,
    show_default=True,
    help="Score the timeline and the briefs' document recall on the dev and test splits.",
)
@click.option(
    "--brief-sets",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("tests/eval"),
    show_default=True,
    help="Folder of timeline_{dev,test}.jsonl and brief_topics_{dev,test}.jsonl.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 when a headline figure regresses below the set's CI floor.",
)
def eval_command(
    golden: Path,
    k: int,
    answers: bool,
    briefs: bool,
    brief_sets: Path,
    as_json: bool,
    check: bool,
) -> None:
    """Score the engine on an eval set (first citation, phrases, refusals, follow-ups) and
    briefs (timeline precision/recall, document recall) on the dev and test splits.

    The eval runs the engine in this process, which owns the data dir meanwhile: with a
    server running on it, stop the server or point BRIEFBOT_DATA_DIR at a copy.
    """
    settings = get_settings()
    data_dir = settings.index.data_dir
    try:
        with nullcontext() if settings.index.chroma_url else owning(data_dir, this_process()):
            from bot.factory import get_engine

            engine = get_engine()
            report: dict[str, Any] = {}
            regressions: list[str] = []
            if answers:
                report, answer_regressions = _answers(engine, golden, k, as_json)
                regressions += answer_regressions
            if briefs:
                from bot.brief import evaluate as brief_eval

                results = [brief_eval.run_split(engine, brief_sets, s) for s in brief_eval.SPLITS]
                brief_regressions = [p for r in results for p in brief_eval.check(r)]
                regressions += brief_regressions
                report["briefs"] = {r["split"]: brief_eval.reported(r) for r in results}
                if not as_json:
                    _print_briefs(results, brief_regressions)
            if as_json:
                click.echo(json.dumps({**report, "regressions": regressions}, ensure_ascii=False))
            if check and regressions:
                sys.exit(1)
    except IngestError as err:
        fail(err)


def _answers(engine: Any, golden: Path, k: int, as_json: bool) -> tuple[dict[str, Any], list[str]]:
    from bot import evaluate

    summary = evaluate.summarize(evaluate.run(engine, evaluate.load_golden(golden), k=k), k)
    problems = evaluate.check(summary)
    regressions = evaluate.check(summary, evaluate.floors_for(golden))
    if not as_json:
        for name, value in summary["headline"].items():
            click.echo(f"{name:28} {value}")
        for group in ("by_kind", "by_language"):
            for key, metrics in summary[group].items():
                click.echo(
                    f"{group[3:]}={key:14} " + "  ".join(f"{m}={v}" for m, v in metrics.items())
                )
        for f in summary["failures"]:
            click.echo(
                f"  miss {f['id']} ({f['kind']}, {f['lang']}): rank={f['rank']} "
                f"evidence={f['evidence']}"
            )
        for p in problems:
            click.echo(f"below target: {p}")
        for p in regressions:
            click.echo(f"REGRESSION: {p}")
    return {**summary, "below_target": problems}, regressions


def _print_briefs(results: list[dict[str, Any]], regressions: list[str]) -> None:
    """One line of figures a split; the dev split's misses (never the test split's)."""
    for r in results:
        h, c = r["headline"], r["counts"]
        click.echo(
            f"brief {r['split']:4} timeline precision {h['timeline_precision']:.3f} "
            f"recall {h['timeline_recall']:.3f} ({c['golden_events']} events, "
            f"{c['judged_events']} judged); document recall {h['document_recall']:.3f} "
            f"({c['topics']} topics)"
        )
        if r["split"] != "dev":
            continue
        for g in r["timeline"]["missed"]:
            click.echo(f"  missed event {g['doc_id']} {g['date']}: {g['phrase']}")
        for w in r["timeline"]["wrong"]:
            click.echo(f"  wrong date {w['doc_id']} {w['date']}: {w['sentence'][:80]}")
        for t in r["topics"]:
            if t["missing"]:
                click.echo(f"  topic {t['id']} misses {', '.join(t['missing'])}")
    for p in regressions:
        click.echo(f"REGRESSION: {p}")
