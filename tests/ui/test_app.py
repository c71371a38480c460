from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.config import get_settings

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


@pytest.fixture
def app(mini_index, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(mini_index.data_dir))
    get_settings.cache_clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    return at


def test_page_loads_with_a_chat_input(app) -> None:  # type: ignore[no-untyped-def]
    assert not app.exception
    assert app.title[0].value == "briefbot"
    assert len(app.chat_input) == 1


def test_question_gets_an_answer_with_numbered_sources(app) -> None:  # type: ignore[no-untyped-def]
    app.chat_input[0].set_value("¿Qué grupos declaró Ecuador como terroristas en 2024?").run()
    assert not app.exception
    assistant = [m for m in app.chat_message if m.name == "assistant"]
    assert assistant, "no assistant message"
    text = " ".join(md.value for md in assistant[-1].markdown)
    assert "[1]" in text
    titles = [e.label for e in app.expander]
    assert titles and titles[0].startswith("[1] ")
    assert any("Ecuador" in t for t in titles)


def test_off_topic_question_shows_a_warning_not_sources(app) -> None:  # type: ignore[no-untyped-def]
    app.chat_input[0].set_value("Give me a recipe for lemon pie").run()
    assert not app.exception
    assert app.warning and "No evidence" in app.warning[0].value
    assert not app.expander
