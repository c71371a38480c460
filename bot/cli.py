"""The ``briefbot`` command line (click).

Exit codes: 0 ok, 1 user error (clear message on stderr), 2 bad usage.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click

from bot.errors import BotError
from bot.filters import Filters
from bot.types import Answer
from ingest.config import get_settings
from ingest.errors import IngestError

UI_APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"


def _fail(err: Exception) -> None:
    raise click.ClickException(str(err)) from err


@click.group()
@click.version_option(package_name="briefbot")
def main() -> None:
    """briefbot: cited, bilingual briefings on Peru–US–Ecuador security."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object and nothing else.")
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again from scratch.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the index already holds chunks.")
def ingest(paths: tuple[str, ...], as_json: bool, rebuild: bool, if_empty: bool) -> None:
    """Ingest files, folders (recursively) and URLs (default: the corpus folder)."""
    from ingest.pipeline import Indexer

    settings = get_settings()
    sources = list(paths) or [str(settings.corpus_dir)]
    try:
        indexer = Indexer(settings, rebuild=rebuild)
    except IngestError as err:
        _fail(err)
    if if_empty and not rebuild and indexer.store.count() > 0:
        indexer.close()
        if not as_json:
            click.echo(f"index exists ({indexer.store.count()} chunks); nothing to do")
        return
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if as_json or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="doc", desc="ingest", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        report = indexer.ingest(sources, on_progress=progress)
    except IngestError as err:
        _fail(err)
    finally:
        if bar is not None:
            bar.close()
        indexer.close()
    data = report.as_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(
        f"added {data['added']}, updated {data['updated']}, unchanged {data['unchanged']}, "
        f"removed {data['removed']}, skipped {len(data['skipped'])}; "
        f"{data['chunks']} chunks in the index ({data['seconds']:.1f} s)"
    )
    for item in data["skipped"]:
        click.echo(f"  skipped {item['path']}: {item['reason']}")
    for item in data["warnings"]:
        click.echo(f"  warning {item['path']}: {item['message']}")


@main.command()
def models() -> None:
    """Build or check the offline models of the configured embedders (no network)."""
    from ingest.pipeline import open_embedders

    try:
        for name, embedder in open_embedders(get_settings()).items():
            click.echo(f"{name}: {embedder.id} (dim {embedder.dim}) ready")
    except IngestError as err:
        _fail(err)


def filter_options(func: Any) -> Any:
    """The retrieval filter flags shared by ``ask`` and ``chat``."""
    options = [
        click.option("--from", "date_from", help="Only sources published on/after (YYYY-MM-DD)."),
        click.option("--to", "date_to", help="Only sources published on/before (YYYY-MM-DD)."),
        click.option(
            "--type",
            "source_types",
            multiple=True,
            help="Source type: news, official, report, analysis, opinion (repeatable).",
        ),
        click.option("--lang", "languages", multiple=True, help="Source language: es, en."),
        click.option("--place", "places", multiple=True, help="Place named by the source."),
        click.option("--topic", "topics", multiple=True, help="Topic tag of the source."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(kwargs: dict[str, Any]) -> Filters:
    try:
        return Filters.build(
            kwargs.get("date_from"),
            kwargs.get("date_to"),
            kwargs.get("source_types"),
            kwargs.get("languages"),
            kwargs.get("places"),
            kwargs.get("topics"),
        )
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


def render(answer: Answer) -> str:
    """An answer as terminal text: the answer, then its numbered sources."""
    lines = [answer.answer]
    if answer.citations:
        lines += ["", "Fuentes:" if answer.language == "es" else "Sources:"]
        for c in answer.citations:
            details = ", ".join(x for x in (c.source_type, c.published) if x)
            page = f", p. {c.page}" if c.page else ""
            lines.append(f"[{c.n}] {c.title} — {c.source or 'unknown source'} ({details}{page})")
            if c.url:
                lines.append(f"    {c.url}")
    elif answer.reason:
        lines += ["", f"({answer.reason})"]
    return "\n".join(lines)


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option("-k", "k", type=click.IntRange(1, 50), help="Passages to retrieve.")
@click.option(
    "--conversation",
    "conversation_id",
    metavar="ID",
    help="Continue a conversation (follow-ups are understood); a new ID starts one.",
)
@filter_options
def ask(
    question: str, as_json: bool, k: int | None, conversation_id: str | None, **kwargs: Any
) -> None:
    """Answer QUESTION (Spanish or English) with numbered citations."""
    from bot.factory import get_engine

    if not question.strip():
        raise click.BadParameter("the question is empty", param_hint="QUESTION")
    filters = _filters(kwargs)
    try:
        answer = get_engine().ask(question, k=k, filters=filters, conversation_id=conversation_id)
    except (IngestError, BotError) as err:
        _fail(err)
    if as_json:
        click.echo(answer.model_dump_json())
    else:
        click.echo(render(answer))


@main.command()
@click.option("-k", "k", type=click.IntRange(1, 50), help="Passages to retrieve.")
@filter_options
def chat(k: int | None, **kwargs: Any) -> None:
    """Interactive conversation: follow-up questions are understood. Ctrl-D to quit."""
    from bot.factory import get_engine

    filters = _filters(kwargs)
    engine = get_engine()
    conversation_id = engine.conversations.new_id()
    click.echo(
        "briefbot: pregunte en español o en inglés / ask in Spanish or English (Ctrl-D quits)"
    )
    while True:
        try:
            question = click.prompt(">", prompt_suffix=" ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        if not question.strip():
            continue
        try:
            answer = engine.ask(question, k=k, filters=filters, conversation_id=conversation_id)
        except (IngestError, BotError) as err:
            click.echo(f"error: {err}", err=True)
            continue
        if answer.standalone_question:
            click.echo(click.style(f"(interpreted as: {answer.standalone_question})", dim=True))
        click.echo(render(answer) + "\n")


@main.command()
@click.option("--host", default=None, help="Interface to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Run the HTTP API (uvicorn)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "bot.api:serving_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level="info",
    )


def _ui_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(UI_APP),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]


@main.command()
@click.option("--port", type=int, default=None, help="Port (default 8501).")
def ui(port: int | None) -> None:
    """Run the Streamlit chat UI."""
    settings = get_settings()
    os.execv(sys.executable, _ui_command(port or settings.ui_port))


@main.command()
def run() -> None:
    """Start the API and the UI together; Ctrl-C (or SIGTERM) stops both."""
    settings = get_settings()
    # Ctrl-C even when started from a shell that ignores SIGINT in background jobs, and
    # SIGTERM (a process manager, `docker stop`) take the same clean path.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    procs = [
        subprocess.Popen([sys.executable, "-m", "bot", "serve"]),
        subprocess.Popen(_ui_command(settings.ui_port)),
    ]
    click.echo(f"API: http://{settings.api_host}:{settings.api_port}  (docs at /docs)")
    click.echo(f"UI:  http://127.0.0.1:{settings.ui_port}")
    click.echo("Ctrl-C stops both.")
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    failed = [p.returncode for p in procs if p.returncode not in (0, -2, 130, None)]
    if failed:
        sys.exit(1)


@main.group()
def docs() -> None:
    """List, show and remove ingested documents."""


@docs.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def docs_list(as_json: bool) -> None:
    """List the documents in the index."""
    from bot.library import Library

    rows = Library(get_settings()).documents()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        click.echo(
            f"{r['doc_id']}\t{r.get('language')}\t{r.get('source_type')}\t"
            f"{r.get('published') or '-'}\t{r['chunks']} chunks\t{r['title']}"
        )
    click.echo(f"{len(rows)} documents")


@docs.command("show")
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def docs_show(doc_id: str, as_json: bool) -> None:
    """Show one document's metadata and passages."""
    from bot.library import Library

    doc = Library(get_settings()).document(doc_id)
    if doc is None:
        raise click.ClickException(f"no document '{doc_id}' in the index")
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False))
        return
    for key in (
        "doc_id",
        "title",
        "source",
        "source_type",
        "published",
        "url",
        "language",
        "topics",
        "places",
        "path",
        "content_hash",
        "ingested_at",
    ):
        click.echo(f"{key}: {doc.get(key)}")
    for p in doc["passages"]:
        page = f" (p. {p['page']})" if p.get("page") else ""
        click.echo(f"\n[{p['chunk_id']}]{page}\n{p['text']}")


@docs.command("remove")
@click.argument("doc_id")
def docs_remove(doc_id: str) -> None:
    """Remove one document and its passages from the index."""
    from bot.library import Library

    try:
        removed = Library(get_settings()).remove(doc_id)
    except IngestError as err:
        _fail(err)
    if not removed:
        raise click.ClickException(f"no document '{doc_id}' in the index")
    click.echo(f"removed {doc_id}")


@main.command("eval")
@click.option(
    "--set",
    "golden",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("tests/eval/dev.jsonl"),
    show_default=True,
    help="Golden set (JSONL).",
)
@click.option("-k", "k", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option(
    "--check", is_flag=True, help="Exit 1 when a headline figure regresses below its CI floor."
)
def eval_command(golden: Path, k: int, as_json: bool, check: bool) -> None:
    """Score the engine on a golden question set (recall@k, MRR, citations, refusals)."""
    from bot import evaluate
    from bot.factory import get_engine

    outcomes = evaluate.run(get_engine(), evaluate.load_golden(golden), k=k)
    summary = evaluate.summarize(outcomes, k)
    problems = evaluate.check(summary)
    regressions = evaluate.check(summary, evaluate.REGRESSION_FLOOR)
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
                f"  miss {f['id']} ({f['kind']}, {f['lang']}): rank={f['rank']} grounded={f['grounded']}"
            )
        for p in problems:
            click.echo(f"below target: {p}")
        for p in regressions:
            click.echo(f"REGRESSION: {p}")
    if check and regressions:
        sys.exit(1)
