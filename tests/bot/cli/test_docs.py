"""`briefbot docs list|show|remove` through click's CliRunner, over a real index and an empty one."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.factory import build_engine
from ingest.pipeline import Indexer
from tests.conftest import MINI_CORPUS, make_settings

REMOVED = "ecuador/conflicto-armado.md"


@pytest.fixture
def runner(tmp_path: Path) -> CliRunner:
    """A runner whose `BRIEFBOT_DATA_DIR` holds a fresh index of the mini corpus."""
    data = tmp_path / "index"
    indexer = Indexer(make_settings(data))
    try:
        assert indexer.ingest([str(MINI_CORPUS)]).added == 4
    finally:
        indexer.close()
    return CliRunner(env={"BRIEFBOT_DATA_DIR": str(data)})


def _listed(runner: CliRunner) -> dict[str, dict[str, object]]:
    result = runner.invoke(main, ["docs", "list", "--json"])
    assert result.exit_code == 0, result.output
    return {row["doc_id"]: row for row in json.loads(result.stdout)}


@pytest.mark.slow
def test_list_show_remove(runner: CliRunner, tmp_path: Path) -> None:
    listed = _listed(runner)
    assert set(listed) == {
        "piura-frontera.md",
        "mnna.md",
        "extorsion-transporte.txt",
        REMOVED,
    }
    assert listed[REMOVED]["chunks"]

    shown = runner.invoke(main, ["docs", "show", "--json", REMOVED])
    assert shown.exit_code == 0, shown.output
    doc = json.loads(shown.stdout)
    assert doc["doc_id"] == REMOVED and doc["title"] == listed[REMOVED]["title"]
    assert len(doc["passages"]) == listed[REMOVED]["chunks"]
    text = runner.invoke(main, ["docs", "show", REMOVED])
    assert f"doc_id: {REMOVED}" in text.stdout and f"[{REMOVED}#0]" in text.stdout

    question = "¿Cuándo declaró Ecuador el conflicto armado interno?"
    settings = make_settings(tmp_path / "index")
    before = build_engine(settings).ask(question)
    assert REMOVED in {c.doc_id for c in before.citations}
    assert REMOVED in {p.doc_id for p in before.passages}

    removed = runner.invoke(main, ["docs", "remove", REMOVED])
    assert removed.exit_code == 0, removed.output
    assert f"removed {REMOVED}" in removed.stdout
    assert REMOVED not in _listed(runner) and len(_listed(runner)) == 3

    after = build_engine(settings).ask(question)
    assert REMOVED not in {p.doc_id for p in after.passages}
    assert REMOVED not in {c.doc_id for c in after.citations}


@pytest.mark.slow
@pytest.mark.parametrize("command", [["show"], ["show", "--json"], ["remove"]])
def test_unknown_doc_id_exits_1_with_a_message(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, ["docs", *command, "nope.md"])
    assert result.exit_code == 1
    assert "no document 'nope.md' in the index" in result.stderr


@pytest.mark.parametrize("flags", [[], ["--json"]])
def test_show_on_an_empty_index_exits_1_with_a_message(flags: list[str]) -> None:
    result = CliRunner().invoke(main, ["docs", "show", *flags, "nope.md"])
    assert result.exit_code == 1
    assert result.stderr == "Error: no document 'nope.md' in the index\n"
    assert result.stdout == ""


@pytest.mark.parametrize(("flags", "printed"), [([], "0 documents\n"), (["--json"], "[]\n")])
def test_list_of_an_empty_index(flags: list[str], printed: str) -> None:
    result = CliRunner().invoke(main, ["docs", "list", *flags])
    assert result.exit_code == 0, result.output
    assert result.stdout == printed


def test_an_unreadable_index_is_a_one_line_error_naming_the_fix(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "briefbot.manifest.sqlite").write_bytes(b"garbage" * 100)
    result = CliRunner().invoke(
        main, ["docs", "list"], env={"BRIEFBOT_DATA_DIR": str(tmp_path / "data")}
    )
    assert result.exit_code == 1
    assert "briefbot ingest --rebuild" in result.stderr and "Traceback" not in result.output
