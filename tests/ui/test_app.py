"""The Streamlit app through AppTest: chat, filters, examples, library, uploads."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bot.strings import EXAMPLES, say
from bot.types import Answer
from ingest.config import get_settings
from tests.bot.api.conftest import FakeEngine
from tests.bot.fake_documents import serve_library
from tests.conftest import MINI_CORPUS
from tests.e2e.servers import free_port
from tests.ui.conftest import FakeBriefs, FixedEngine

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def open_app(
    data_dir: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> AppTest:
    if data_dir is not None and monkeypatch is not None:
        monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    return AppTest.from_file(str(APP), default_timeout=120).run()


@pytest.fixture
def app(mini_index, monkeypatch):  # type: ignore[no-untyped-def]
    return open_app(mini_index.index.data_dir, monkeypatch)


def ask(at: AppTest, question: str):  # type: ignore[no-untyped-def]
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at.session_state.turns[-1].answer


def assistant_markdown(at: AppTest) -> str:
    assistant = [m for m in at.chat_message if m.name == "assistant"]
    assert assistant, "no assistant message"
    return "\n".join(md.value for md in assistant[-1].markdown)


def test_page_loads_with_header_examples_and_filters(app) -> None:  # type: ignore[no-untyped-def]
    assert not app.exception
    assert app.title[0].value == "briefbot"
    assert len(app.chat_input) == 1
    assert any("4 documentos" in md.value for md in app.markdown)
    assert list(app.pills(key="example").options) == list(EXAMPLES)
    sidebar_labels = {w.label for w in app.sidebar.date_input} | {
        w.label for w in app.sidebar.multiselect
    }
    assert {"Desde · From", "Hasta · To", "Tipo de fuente · Source type"} <= sidebar_labels


def test_question_gets_an_answer_with_numbered_sources(app) -> None:  # type: ignore[no-untyped-def]
    answer = ask(app, "¿Qué grupos declaró Ecuador como terroristas en 2024?")
    assert answer.grounded and answer.language == "es"
    text = assistant_markdown(app)
    assert "\\[1\\]" in text
    assert "Fuentes" in text
    assert "**:blue[\\[1\\]] Ecuador declares an internal armed conflict**" in text
    assert '<div class="bb-quote">' in text and "<mark>" in text
    captions = " ".join(c.value for c in app.caption)
    assert "briefbot test note · noticia · 2024-01-10 · inglés" in captions
    assert "ms" in captions  # timings, discreetly
    pasteable = app.code[0].value  # "Copiar texto": the answer and its sources as plain text
    assert (
        pasteable.startswith("Según las fuentes")
        and "\nFuentes:\n[1] Ecuador declares" in pasteable
    )


def test_off_topic_question_shows_a_warning_not_sources(app) -> None:  # type: ignore[no-untyped-def]
    answer = ask(app, "Give me a recipe for lemon pie")
    assert not answer.grounded
    assert app.warning and "No evidence" in app.warning[0].value
    assert not app.info  # the no-evidence look: the warning and its reason, nothing else
    assert assistant_markdown(app) == ""
    assert any(c.value.startswith("Reason: ") for c in app.caption)


def test_language_filter_changes_what_is_retrieved(app) -> None:  # type: ignore[no-untyped-def]
    question = "What does Major Non-NATO Ally status mean?"
    unfiltered = ask(app, question)
    assert unfiltered.grounded and unfiltered.citations[0].doc_id == "mnna.md"
    app.pills(key="f_langs").set_value(["es"]).run()
    filtered = ask(app, question)
    shown = [*filtered.citations, *filtered.passages]
    assert "mnna.md" not in {p.doc_id for p in shown}
    assert {p.language for p in shown} <= {"es"}
    assert "Español" in app.session_state.turns[-1].filters


def test_example_chip_asks_its_question_and_new_chat_clears(app) -> None:  # type: ignore[no-untyped-def]
    app.pills(key="example").set_value(EXAMPLES[0]).run()
    assert not app.exception
    assert app.session_state.turns[-1].answer.question == EXAMPLES[0]
    assert not [p for p in app.pills if p.key == "example"]  # chips only for an empty chat
    app.sidebar.button[0].click().run()
    assert app.session_state.turns == []
    assert app.pills(key="example")


def test_library_lists_the_mini_corpus(app) -> None:  # type: ignore[no-untyped-def]
    app.switch_page("library_page.py").run()
    assert not app.exception
    assert app.title[0].value == "Biblioteca · Library"
    table = app.dataframe[0].value
    assert len(table) == len([p for p in MINI_CORPUS.rglob("*") if p.is_file()])
    assert "Ecuador declares an internal armed conflict" in set(table["title"])
    assert list(table.columns) == ["title", "language", "type", "date", "source", "chunks"]


def test_bad_uploads_show_errors_not_exceptions(app, mini_index) -> None:  # type: ignore[no-untyped-def]
    app.switch_page("library_page.py").run()
    app.file_uploader[0].set_value(
        [("empty.md", b"", "text/markdown"), ("broken.pdf", b"%PDF-1.4 garbage", "application/pdf")]
    ).run()
    app.button[0].click().run()
    assert not app.exception
    errors = " ".join(e.value for e in app.error)
    assert "empty.md" in errors and "broken.pdf" in errors
    assert "Could not read" in errors
    assert len(app.dataframe[0].value) == 4  # nothing added
    assert not list((mini_index.index.data_dir / "uploads").glob("*"))  # bad files not kept


@pytest.mark.slow
def test_upload_is_listed_answered_from_and_removed(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = open_app(tmp_path / "fresh", monkeypatch)
    assert not ask(at, "¿Qué es el corredor de los cóndores?").grounded  # empty index
    at.switch_page("library_page.py").run()
    assert "vacío" in at.info[0].value
    note = (
        "---\ntitle: Corredor de los Cóndores\nsource: Nota interna\nsource_type: report\n"
        "published: 2025-02-01\nlanguage: es\n---\n\n"
        "El corredor de los cóndores es una ruta de contrabando de oro entre Tumbes y "
        "Huaquillas que las autoridades vigilan desde 2024 con patrullas conjuntas.\n"
    )
    at.file_uploader[0].set_value(("condores.md", note.encode(), "text/markdown")).run()
    at.button[0].click().run()
    assert not at.exception
    assert at.success and "added **1**" in at.success[0].value
    assert list(at.dataframe[0].value["title"]) == ["Corredor de los Cóndores"]
    assert (tmp_path / "fresh" / "uploads" / "condores.md").is_file()

    at.switch_page("chat_page.py").run()
    answer = ask(at, "¿Qué es el corredor de los cóndores?")
    assert answer.grounded and answer.citations[0].doc_id == "uploads/condores.md"

    at.switch_page("library_page.py").run()
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    remove = [b for b in at.button if b.label.startswith("Eliminar")]
    remove[0].click().run()
    assert not at.exception
    assert "Corredor de los Cóndores" in at.success[0].value
    assert not at.dataframe and "vacío" in at.info[0].value
    assert not (tmp_path / "fresh" / "uploads" / "condores.md").exists()


class ConversationalEngine(FakeEngine):
    """A fake engine that keeps conversations: it names one and rewrites the follow-up."""

    def _answer(self, question: str, conversation_id: str | None) -> Answer:
        return Answer(
            question=question,
            answer="No evidence in the corpus answers this question.",
            language="en",
            grounded=False,
            reason="test",
            conversation_id=conversation_id or "conv-1",
            standalone_question=f"{question} (about Ecuador)",
        )


def test_conversation_id_is_kept_and_the_rewrite_is_shown(serve) -> None:  # type: ignore[no-untyped-def]
    fake = ConversationalEngine()
    serve(fake)
    app = open_app()
    ask(app, "And since when?")
    ask(app, "Who leads it?")
    calls = [(question, options["conversation_id"]) for _, question, options in fake.calls]
    first_id = calls[0][1]
    assert first_id and len(first_id) == 32
    assert calls == [("And since when?", first_id), ("Who leads it?", first_id)]
    captions = [c.value for c in app.caption]
    assert "Interpreted as: Who leads it? (about Ecuador)" in captions
    app.sidebar.button[0].click().run()
    assert app.session_state.conversation_id not in (None, first_id)


LOOKS = {  # evidence: (info callouts, warnings, "Fuentes" heading, "Relacionado" heading, cards, copy)
    "answer": (0, 0, True, False, 2, 1),
    "related": (1, 0, False, True, 2, 1),
    "none": (0, 1, False, False, 0, 0),
}


@pytest.mark.parametrize("evidence", list(LOOKS))
def test_each_outcome_has_its_own_look_in_the_chat(evidence, answers, serve) -> None:  # type: ignore[no-untyped-def]
    serve(FixedEngine(answers[evidence]))
    at = open_app()
    assert ask(at, "¿Cuándo se firmó el Acta de Brasilia?").evidence == evidence
    [message] = [m for m in at.chat_message if m.name == "assistant"]
    text = "\n".join(md.value for md in message.markdown)
    look = (
        len(message.info),
        len(message.warning),
        "##### Fuentes" in text,
        "##### Relacionado, pero no es una respuesta" in text,
        text.count('<div class="bb-quote">'),
        len(message.code),
    )
    assert look == LOOKS[evidence]


def test_a_request_for_a_brief_is_answered_with_the_brief(
    answers, brief, monkeypatch, serve
) -> None:  # type: ignore[no-untyped-def]
    import ui.shared

    briefs = FakeBriefs(brief)
    monkeypatch.setattr(ui.shared, "brief", briefs)
    serve(FixedEngine(answers["none"]))
    at = open_app()
    at.chat_input[0].set_value("Informe sobre el Acta de Brasilia").run()
    assert not at.exception, at.exception
    assert briefs.calls == [{"topic": "el Acta de Brasilia", "language": "es", "source_types": ()}]
    text = assistant_markdown(at)
    assert "#### Informe: el Acta de Brasilia" in text
    assert "##### Puntos clave" in text and "- **1998-10-26** — El Acta de Brasilia" in text
    assert text.count('<div class="bb-quote">') == 2
    [message] = [m for m in at.chat_message if m.name == "assistant"]
    labels = [b.proto.label for b in message.get("download_button")]
    assert labels == [say("export_markdown", "es"), say("export_pdf", "es")]

    ask(at, "¿Qué es un resumen ejecutivo?")  # a question about briefs is still a question
    assert len(briefs.calls) == 1
    assert at.session_state.turns[-1].answer.question == "¿Qué es un resumen ejecutivo?"


def test_a_taken_upload_name_asks_to_replace_then_replaces(serve, tmp_path) -> None:  # type: ignore[no-untyped-def]
    library = serve_library(serve(FakeEngine()), tmp_path / "data", ("a.md", "uploads/c.md"))
    at = open_app()
    assert any("2 documentos" in md.value for md in at.markdown)  # the index size, from the API
    at.switch_page("library_page.py").run()
    assert list(at.dataframe[0].value["title"]) == ["a.md", "uploads/c.md"]
    assert not at.checkbox  # nothing to replace yet
    at.file_uploader[0].set_value(("c.md", b"# Otra nota", "text/markdown")).run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "already in the index: uploads/c.md" in at.error[0].value
    assert "Replace existing" in at.info[0].value
    assert library.added == []
    [replace] = at.checkbox
    assert replace.label == "Reemplazar · Replace existing"
    replace.check().run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    [(sources, doc_ids)] = library.added
    assert list(doc_ids.values()) == ["uploads/c.md"]
    assert Path(sources[0]).read_bytes() == b"# Otra nota"
    assert at.success and "added **1**" in at.success[0].value
    assert not at.checkbox  # asked again only after another refusal


def test_the_server_recorded_in_the_data_dir_is_called_and_its_absence_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    url = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        data.mkdir()
        (data / "server.json").write_text(json.dumps({"url": url, "pid": server.pid}))
        at = open_app(data, monkeypatch)
    finally:
        server.kill()
        server.wait()
    assert not at.exception, at.exception
    [error] = at.error
    assert f"cannot reach the briefbot API at {url}" in error.value
    assert not (data / "owner.lock").exists()  # the UI did not open the index itself
