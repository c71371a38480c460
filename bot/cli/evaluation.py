"""``briefbot eval``: score the engine on a golden question set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


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
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 when a headline figure regresses below the set's CI floor.",
)
def eval_command(golden: Path, k: int, as_json: bool, check: bool) -> None:
    """Score the engine on an eval set (first citation, phrases, refusals, follow-ups)."""
    from bot import evaluate
    from bot.factory import get_engine

    outcomes = evaluate.run(get_engine(), evaluate.load_golden(golden), k=k)
    summary = evaluate.summarize(outcomes, k)
    problems = evaluate.check(summary)
    regressions = evaluate.check(summary, evaluate.floors_for(golden))
    if as_json:
        click.echo(
            json.dumps(
                {**summary, "below_target": problems, "regressions": regressions},
                ensure_ascii=False,
            )
        )
    else:
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
    if check and regressions:
        sys.exit(1)
